// Kept for modules written against the old path: procform-daemonize now writes its log with the
// shared runtime's LogWriter (../log-writer.ts) and splits lines with ../line-splitter.ts.
// To be removed once nothing imports it.
export { LineSplitter } from '../line-splitter.ts';
