// `npm run audit:verify -w @sanwu/server`: re-walks every audit chain and names the first
// broken link of each (org, seq, expected vs found). Exit code 0 = intact, 1 = broken,
// 2 = could not run. Needs MONGODB_URI (a running devdb's URI works too).
import { runAuditVerification } from './verify-report';

runAuditVerification(process.env.MONGODB_URI, (line) => console.log(line)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
