import type { PropsWithChildren } from 'react';
import './app.scss';

/** The app shell: pages render as children; global state lives in services/ and platform/. */
export default function App({ children }: PropsWithChildren) {
  return children;
}
