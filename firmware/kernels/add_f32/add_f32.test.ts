// pn_add_f32 per core (CMSIS-DSP's arm_add_f32 on every board): see elementwise-cases.ts.
import { elementwiseCases } from "../elementwise-cases.ts";
import { describeExactOnBoards } from "../exact-on-boards.ts";

describeExactOnBoards("add_f32", elementwiseCases(0xadd0));
