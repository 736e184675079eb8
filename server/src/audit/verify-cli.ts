// `npm run audit:verify -w @sanwu/server [-- <mongodb-uri>]`: re-walks every audit chain and
// names the first broken link of each (org, seq, expected vs found). Exit code 0 = intact,
// 1 = broken, 2 = could not run. The database is the URI given, else MONGODB_URI (a running
// devdb's URI works too).
import { runAuditVerification } from './verify-report';

const uri = process.argv[2] || process.env.MONGODB_URI;
runAuditVerification(uri, (line) => console.log(line)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
