/** Every runtime helper a kernel may call, by name; the model class includes only those used. */
import { col2imHelper, conv2dInputGradSimdHelper, conv2dSimdHelper, conv2dWeightGradSimdHelper, im2colHelper } from "./conv.ts";
import { erfSimdHelper } from "../wasm/elementwise-erf.ts";
import { softmaxSimdHelper } from "../wasm/softmax-lanes.ts";
import { viewCopySimdHelper } from "../wasm/copy-lanes.ts";
import { viewTransposeSimdHelper } from "../wasm/transpose-lanes.ts";
import { scatterAddSimdHelper, takeSimdHelper } from "../wasm/gather-lanes.ts";
import { mmBatchSimdHelper } from "../wasm/matmul-batch.ts";
import { mapLanesCVHelper, mapLanesRVHelper, mapLanesSVHelper, mapLanesVCHelper, mapLanesVRHelper, mapLanesVSHelper, mapLanesVVHelper } from "../wasm/map-lanes.ts";
import { exp32Helper } from "./exp32.ts";
import { matmulHelper, matmulPanelsHelper } from "./matmul.ts";
import { crossEntropyHelper, expCalls, logSoftmaxHelper, oneHotHelper, softmaxHelper } from "./nn.ts";
import { avgpoolGradHelper, avgpoolHelper, maxpoolGatherHelper, maxpoolGradHelper, maxpoolGradSimdHelper, maxpoolHelper, maxpoolSimdHelper } from "./pool.ts";
import type { HelperTarget } from "./signature.ts";
import { simdHelper } from "./simd.ts";
import { simdCallHelper } from "../threads/cut-code.ts";

export const HELPERS = {
  mmNN: (t: HelperTarget) => matmulHelper(t, "NN"),
  mmTN: (t: HelperTarget) => matmulHelper(t, "TN"),
  mmNT: (t: HelperTarget) => matmulHelper(t, "NT"),
  mmTT: (t: HelperTarget) => matmulHelper(t, "TT"),
  mmPanelsSimd: matmulPanelsHelper,
  mmBatchSimd: mmBatchSimdHelper,
  softmax: softmaxHelper,
  logSoftmax: logSoftmaxHelper,
  crossEntropy: crossEntropyHelper,
  oneHot: oneHotHelper,
  im2col: im2colHelper,
  col2im: col2imHelper,
  conv2dSimd: conv2dSimdHelper,
  conv2dInputGradSimd: conv2dInputGradSimdHelper,
  conv2dWeightGradSimd: conv2dWeightGradSimdHelper,
  maxpoolSimd: maxpoolSimdHelper,
  maxpoolGradSimd: maxpoolGradSimdHelper,
  maxpool: maxpoolHelper,
  maxpoolGrad: maxpoolGradHelper,
  maxpoolGather: maxpoolGatherHelper,
  avgpool: avgpoolHelper,
  avgpoolGrad: avgpoolGradHelper,
  simd: simdHelper,
  // The one-thread form; generate.ts hands "simdCall" to the simd helper, which brings the threaded one where the class has threads.
  simdCall: simdCallHelper,
  exp32: exp32Helper,
  erfSimd: erfSimdHelper,
  softmaxSimd: softmaxSimdHelper,
  viewCopySimd: viewCopySimdHelper,
  viewTransposeSimd: viewTransposeSimdHelper,
  takeSimd: takeSimdHelper,
  scatterAddSimd: scatterAddSimdHelper,
  mapLanesVV: mapLanesVVHelper,
  mapLanesVS: mapLanesVSHelper,
  mapLanesSV: mapLanesSVHelper,
  mapLanesVR: mapLanesVRHelper,
  mapLanesRV: mapLanesRVHelper,
  mapLanesVC: mapLanesVCHelper,
  mapLanesCV: mapLanesCVHelper,
} satisfies Record<string, (t: HelperTarget) => string>;

export type HelperName = keyof typeof HELPERS;

/** The other helpers a helper's body calls, for a target (the model class must include them too). */
export const HELPER_CALLS: { readonly [H in HelperName]?: (t: HelperTarget) => readonly HelperName[] } = {
  softmax: expCalls,
  crossEntropy: expCalls,
  // The conv/pool SIMD helpers read SIMD_KERNELS (helper "simd"); they return false where the model's arrays are plain.
  conv2dSimd: () => ["simd", "simdCall"],
  conv2dInputGradSimd: () => ["simd"],
  conv2dWeightGradSimd: () => ["simd"],
  maxpoolSimd: () => ["simd"],
  maxpoolGradSimd: () => ["simd"],
  erfSimd: () => ["simd", "simdCall"],
  softmaxSimd: () => ["simd", "simdCall"],
  viewCopySimd: () => ["simd"],
  viewTransposeSimd: () => ["simd", "simdCall"],
  takeSimd: () => ["simd"],
  scatterAddSimd: () => ["simd"],
  mmBatchSimd: () => ["simd", "simdCall"],
  mmPanelsSimd: () => ["simd", "simdCall"],
  mapLanesVV: () => ["simd"],
  mapLanesVS: () => ["simd"],
  mapLanesSV: () => ["simd"],
  mapLanesVR: () => ["simd"],
  mapLanesRV: () => ["simd"],
  mapLanesVC: () => ["simd"],
  mapLanesCV: () => ["simd"],
};

/** The helpers calling a kernel that the relaxed-SIMD module (../wasm/relaxed.ts) has again. */
export const RELAXED_HELPERS: readonly HelperName[] = ["mmNN", "mmTN", "mmNT", "mmPanelsSimd", "mmBatchSimd", "conv2dSimd", "conv2dInputGradSimd", "conv2dWeightGradSimd"];
