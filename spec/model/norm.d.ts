// The interface of the feature normalization module, generated with the network module from the
// trained model's norm.f32 and manifest (models/model_module.py; see net.d.ts for where it goes).
// q = sat_i8(round((feat - MEAN) * GAIN) + ZERO).
import type { i32, f32, bool } from "../prelude.ts";

/** The first 34 inputs are the newest window's log band energies (the look-ahead), not frame B's. */
export declare const NET_ENERGY_LOOKAHEAD: bool;
/** Added to band energies before the log features (DenoiserState.feat_floor; manifest input.energy_floor, 1e-2 if absent). */
export declare const NET_ENERGY_FLOOR: f32;
export declare const NET_IN_ZERO: i32;
export declare const NET_FEAT_MEAN: Float32Array;
export declare const NET_FEAT_GAIN: Float32Array;
