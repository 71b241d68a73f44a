/**
 * glTF 2.0 binary (.glb) with the splats as a POINTS primitive carrying the ratified
 * KHR_gaussian_splatting attributes (POSITION, KHR_gaussian_splatting:ROTATION / :SCALE (linear) /
 * :OPACITY (linear) / :SH_DEGREE_0_COEF_0, and COLOR_0 as the point-cloud fallback), plus an
 * optional triangle mesh named "collider" derived from depth (collider.ts). glTF and three.js
 * share axes (right-handed, +Y up, metres), so nothing is converted.
 *
 * The extension is in extensionsUsed but not extensionsRequired: a viewer without it still shows
 * the points. The collider has a fully transparent material so viewers do not draw a sheet over
 * the splats; engines import it as a mesh to use for collision.
 *
 * Round-trip error of write -> read: float32 for positions, rotations, scales and opacities;
 * colour through the SH DC term to 1e-6.
 */
export { ATTR_OPACITY, ATTR_ROTATION, ATTR_SCALE, ATTR_SH0 } from './glb-spec'
export { writeGlb, type GlbWriteOptions } from './glb-write'
export { readGlb } from './glb-read'
