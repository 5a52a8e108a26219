// pn_mul_f32 per core (CMSIS-DSP's arm_mult_f32 on every board): see elementwise-cases.ts.
import { elementwiseCases } from "../elementwise-cases.ts";
import { describeExactOnBoards } from "../exact-on-boards.ts";

describeExactOnBoards("mul_f32", elementwiseCases(0x3170));
