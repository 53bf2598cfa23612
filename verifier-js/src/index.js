// writ-verify: an independent verifier of Writ proof bundles. Browser-safe: WebCrypto, jose and
// viem only; reading files is the command's job (bin/writ-verify.js).

export { Fault, ProtocolError } from './faults.js';
export { decodeBundle, MAX_BYTES } from './bundleFile.js';
export { readJwks, MAX_JWKS_BYTES } from './jwks.js';
export { verifyBundle, ONCHAIN_CHECK, SUPPORTED_VERSION } from './verifier.js';
export { checkOnChain } from './onchain.js';
export { Verdict, Status, Exit, READ_CHECK, exitCodeOf, verdictAnswer, verdictJson, verdictText } from './verdict.js';
export { verifyInputs } from './check.js';
export { verifyInclusion as verifyMerkleInclusion, leafHash } from './merkle.js';
