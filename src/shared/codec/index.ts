// Wire-format rules shared by the gateway, the neurons and the browser. Browser-safe.
export { decodeCanonical, NonCanonicalError, sameBytes } from "./canonical";
