/**
 * Public API of the board layer and simulator (for the percepnet CLI and tests).
 */
export { loadBoard, loadAllBoards, listBoardNames, validateBoard, linkerScript, BoardProfileError, BOARDS_DIR } from "./boards.ts";
export type { BoardProfile, MemoryRegion, CmsisVariant, ModelSize, Core } from "./boards.ts";
export { buildFirmware, buildHost, buildCmsisDsp, cmsisIncludeDirs, cmsisSources, BASE_CFLAGS, DEFAULT_CMSIS_MODULES, BuildError } from "./build.ts";
export type { PayloadSpec, FirmwareBuild, SizeReport, CmsisLib, BuildOptions } from "./build.ts";
export { simulate, writeReport, DEFAULT_SIM_STATE_BYTES, WORST_OVER_MEAN_TARGET_PERCENT } from "./simulate.ts";
export type { SimulateOptions, SimulateResult, SimReport } from "./simulate.ts";
export { buildRealBoard, flash, sizeLine, timingLine, realBoardTiming, FlashToolMissingError } from "./real.ts";
export type { RealBuildOptions, RealBuild, RealTiming, FlashOptions, FlashResult } from "./real.ts";
export { stateLayout, renderStateMarkdown, parseStructs, STATE_TARGET_BYTES } from "./state-layout.ts";
export type { StateLayout, StateField } from "./state-layout.ts";
export { runOnQemu, runHost, buildPlugin, SimError } from "./qemu.ts";
export { loadCycleModel, frameCycles, stats } from "./cycles.ts";
export { renderMarkdown, renderFrameSvg, renderComparisonSvg } from "./report.ts";
export { armNoneEabi, aarch64LinuxGnu, hostCc, qemu, optionalTool, ToolNotFoundError } from "./toolchain.ts";
export { readPcmInput, writePcmOutput } from "./pcm.ts";
