// The C contract: the flags every compile of the generated C and the runtime around it uses, in
// every build (host tools, boards, `percepnet lib`, WebAssembly). One definition, read by
// codegen/src/host-build.ts, sim/c-build/build.ts, sim/c-build/library.ts and sim/c-build/wasm.ts (docs/subset.md).

/** The numeric contract: IEEE single precision, no contraction, wrapping ints, no errno on sqrt. */
export const C_CONTRACT_FLAGS = ["-std=c99", "-ffp-contract=off", "-fwrapv", "-fno-math-errno"];

/** Every warning is an error: generated C, runtime, kernels, frame API and harnesses compile clean. */
export const C_WARNING_FLAGS = ["-Wall", "-Wextra", "-Werror"];

/** The optimization level of every build (the cycle reports are measured at it). */
export const C_OPT_FLAG = "-O2";
