// spec/nn compiled by codegen (exact JS and C): see models/nn/exact.ts.
export { compiledDir, nn, NN_FILES } from "../../models/nn/exact.ts";
