/**
 * Public API of the board layer and simulator (for the percepnet CLI and tests).
 */
export { loadBoard, loadAllBoards, listBoardNames, validateBoard, linkerScript, BoardProfileError, BOARDS_DIR } from "./boards.ts";
export type { BoardProfile, MemoryRegion, CmsisVariant, ModelSize, Core } from "./boards.ts";
export { buildFirmware, buildHost, buildCmsisDsp, cmsisIncludeDirs, cmsisSources, BASE_CFLAGS, DEFAULT_CMSIS_MODULES, BuildError } from "./c-build/build.ts";
export type { PayloadSpec, FirmwareBuild, SizeReport, CmsisLib, BuildOptions } from "./c-build/build.ts";
export { simulate, writeReport, DEFAULT_SIM_STATE_BYTES, WORST_OVER_MEAN_TARGET_PERCENT } from "./qemu/simulate.ts";
export type { SimulateOptions, SimulateResult, SimReport } from "./qemu/simulate.ts";
export { buildRealBoard, flash, sizeLine, timingLine, realBoardTiming, FlashToolMissingError } from "./c-build/real.ts";
export type { RealBuildOptions, RealBuild, RealTiming, FlashOptions, FlashResult } from "./c-build/real.ts";
export { stateLayout, renderStateMarkdown, parseStructs, STATE_TARGET_BYTES } from "./qemu/state-layout.ts";
export type { StateLayout, StateField } from "./qemu/state-layout.ts";
export { runOnQemu, runHost, buildPlugin, SimError } from "./qemu/qemu.ts";
export { loadCycleModel, frameCycles, stats } from "./qemu/cycles.ts";
export { renderMarkdown, renderFrameSvg, renderComparisonSvg } from "./qemu/report.ts";
export { armNoneEabi, aarch64LinuxGnu, hostCc, qemu, optionalTool, ToolNotFoundError } from "./c-build/toolchain.ts";
export { readPcmInput, writePcmOutput } from "./audio/pcm.ts";
