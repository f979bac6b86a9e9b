// Test helpers for the config editor features: text with a `|` cursor in, text out.
export { withCursor, applyEdits, applyWorkspaceEdit } from '../../../server/src/config/cursor';
