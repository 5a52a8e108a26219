// The interface of the network module, which is not in spec/: every build generates it from the
// trained model it is given (`--model`, default the board's size, else models/trained/headset) into a
// staged copy of spec/ in the build folder (sim/c-build/spec-build.ts, models/model_module.py,
// models/nn/tables.py). This declaration is what spec/enhancer.ts is type-checked against here;
// the generated module must export the same names (the build type-checks enhancer.ts against it).
import type { i32 } from "../prelude.ts";

export declare const NET_N_FEATURES: i32;
export declare const NET_N_BANDS: i32;
/** Int8 values net_collect writes: every layer's output and state, for per-layer checks. */
export declare const NET_COLLECT_SIZE: i32;

/** The network's whole state: activation tables, per-layer outputs, recurrent and convolution states. */
export declare class NetState {}

/** Build the activation tables and zero the states: call once before the first step. */
export declare function net_init(st: NetState): void;
/** Zero every state: the start of a stream. */
export declare function net_reset(st: NetState): void;
/** One frame: NET_N_FEATURES int8 features in; NET_N_BANDS int8 gains and strengths out. */
export declare function net_step(st: NetState, features: Int8Array, gain: Int8Array, strength: Int8Array): void;
/** Every layer's output and state of the last frame, NET_COLLECT_SIZE values. */
export declare function net_collect(st: NetState, out: Int8Array): void;
