import { describe, expect, it } from 'vitest';
import { WHITE } from '../../src/imaging/color.js';
import { OperationSchema, type Operation } from '../../src/imaging/operations.js';
import { reorient } from '../../src/imaging/ops/geometry.js';
import { compose, fromExif, rotation, mirror, UPRIGHT, type Orientation } from '../../src/imaging/orientation.js';
import { planJob, type PlanInput } from '../../src/imaging/plan.js';

const ALL: Orientation[] = [1, 2, 3, 4, 5, 6, 7, 8].map(fromExif);

function smallImage(width: number, height: number) {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) & 255;
  return { width, height, data };
}

describe('orientations', () => {
  it('composing two orientations moves pixels like applying them one after the other', () => {
    const image = smallImage(5, 3);
    for (const a of ALL) {
      for (const b of ALL) {
        expect(reorient(image, compose(a, b))).toEqual(reorient(reorient(image, a), b));
      }
    }
  });

  it('four quarter turns, or a mirror twice, are the identity', () => {
    let o = UPRIGHT;
    for (let i = 0; i < 4; i++) o = compose(o, rotation(90));
    expect(o).toEqual(UPRIGHT);
    expect(compose(mirror('horizontal'), mirror('horizontal'))).toEqual(UPRIGHT);
    expect(compose(rotation(90), rotation(270))).toEqual(UPRIGHT);
  });
});

const ops = (...list: unknown[]): Operation[] => list.map((op) => OperationSchema.parse(op));

function jpegInput(operations: Operation[], extra: Partial<PlanInput> = {}, aligned = (o: Orientation, lumaOnly: boolean) => lumaOnly || !o.transpose): PlanInput {
  return {
    sourceFormat: 'jpeg', width: 1920, height: 1080, exifOrientation: 1, operations, outputFormat: 'jpeg',
    background: WHITE, jpeg: { gray: false, hasLumaPlane: true, maxH: 2, maxV: 2, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: aligned }, ...extra,
  };
}

describe('the planner', () => {
  it('runs grayscale, rotate and flip on DCT coefficients when no quality is asked for', () => {
    expect(planJob(jpegInput(ops({ type: 'grayscale' })))).toEqual({ kind: 'jpeg-lossless', lumaOnly: true, orientation: UPRIGHT });
    expect(planJob(jpegInput(ops({ type: 'grayscale' }, { type: 'rotate', degrees: 90 })))).toMatchObject({ kind: 'jpeg-lossless', orientation: rotation(90) });
    expect(planJob(jpegInput(ops({ type: 'flip', direction: 'vertical' })))).toMatchObject({ kind: 'jpeg-lossless', lumaOnly: false });
    // EXIF orientation folds into the same single transform.
    expect(planJob(jpegInput(ops({ type: 'rotate', degrees: 90 }), { exifOrientation: 8 }))).toMatchObject({ kind: 'jpeg-lossless', orientation: UPRIGHT });
  });

  it('requantizes in the DCT domain when a quality is given (YCbCr and gray sources)', () => {
    expect(planJob(jpegInput(ops({ type: 'grayscale' }), { quality: 85 }))).toEqual({ kind: 'jpeg-lossless', lumaOnly: true, orientation: UPRIGHT, quality: 85 });
    expect(planJob(jpegInput(ops({ type: 'flip', direction: 'vertical' }, { type: 'invert' }), { quality: 30 }))).toMatchObject({ kind: 'jpeg-lossless', invert: true, quality: 30 });
    expect(planJob(jpegInput(ops({ type: 'no-op' }), { quality: 95 }))).toMatchObject({ kind: 'jpeg-lossless', quality: 95 });
  });

  it('maps brightness and contrast up to 1 on the coefficients, composed into one affine map', () => {
    expect(planJob(jpegInput(ops({ type: 'brightness', factor: 0.5 })))).toEqual({ kind: 'jpeg-lossless', lumaOnly: false, orientation: UPRIGHT, affine: { scale: 0.5, shift: 0 } });
    expect(planJob(jpegInput(ops({ type: 'contrast', factor: 0.5 }, { type: 'brightness', factor: 0.5 }, { type: 'grayscale' }, { type: 'flip', direction: 'vertical' }), { quality: 60 })))
      .toEqual({ kind: 'jpeg-lossless', lumaOnly: true, orientation: mirror('vertical'), quality: 60, affine: { scale: 0.25, shift: 32 } });
    // Over 1 (clipping), with invert (not affine-composable here), without a luma plane: not so.
    expect(planJob(jpegInput(ops({ type: 'brightness', factor: 1.2 })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'brightness', factor: 0.5 }, { type: 'contrast', factor: 1.01 })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'brightness', factor: 0.5 }, { type: 'invert' })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'contrast', factor: 0.5 }), { jpeg: { gray: false, hasLumaPlane: false, maxH: 2, maxV: 2, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: () => true } }))).toMatchObject({ kind: 'pixels' });
  });

  it('decodes pixels when the DCT domain cannot do the transform, a quality is given to a source without luma, or the output is PNG', () => {
    expect(planJob(jpegInput(ops({ type: 'rotate', degrees: 90 })))).toMatchObject({ kind: 'pixels', scale: 1 });
    expect(planJob(jpegInput(ops({ type: 'grayscale' }), { quality: 85, jpeg: { gray: false, hasLumaPlane: false, maxH: 2, maxV: 2, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: () => true } }))).toMatchObject({ kind: 'pixels', lumaOnly: false, grayOutput: true });
    expect(planJob(jpegInput(ops({ type: 'grayscale' }), { outputFormat: 'png' }))).toMatchObject({ kind: 'pixels', lumaOnly: true, grayOutput: true });
    expect(planJob(jpegInput(ops({ type: 'grayscale' }), { jpeg: { gray: false, hasLumaPlane: false, maxH: 2, maxV: 2, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: () => true } }))).toMatchObject({ kind: 'pixels', lumaOnly: false, grayOutput: true });
  });

  it('decodes only luma when the first colour-dependent step is grayscale, keeping operation indexes', () => {
    const plan = planJob(jpegInput(ops({ type: 'crop', x: 0, y: 0, width: 10, height: 10 }, { type: 'grayscale' }, { type: 'brightness', factor: 1.2 })));
    expect(plan).toMatchObject({ kind: 'pixels', lumaOnly: true, grayOutput: true });
    expect(plan.kind === 'pixels' && plan.operations.map((o) => o.type)).toEqual(['crop', 'no-op', 'brightness']);
    expect(planJob(jpegInput(ops({ type: 'brightness', factor: 1.5 }, { type: 'grayscale' })))).toMatchObject({ lumaOnly: false, grayOutput: true });
    // threshold and black-and-white read luma too; they stay in the list.
    const dithered = planJob(jpegInput(ops({ type: 'black-and-white' }), { outputFormat: 'png' }));
    expect(dithered).toMatchObject({ kind: 'pixels', lumaOnly: true, grayOutput: true });
    expect(dithered.kind === 'pixels' && dithered.operations.map((o) => o.type)).toEqual(['black-and-white']);
    expect(planJob(jpegInput(ops({ type: 'grayscale' }, { type: 'resize', width_px: 100, height_px: 100, fit: 'contain', background: '#ff0000' }), { quality: 90 }))).toMatchObject({ grayOutput: false });
  });

  it('decodes only the MCUs a leading crop keeps, with the crop rewritten relative to them', () => {
    const plan = planJob(jpegInput(ops({ type: 'grayscale' }, { type: 'crop', x: 650, y: 360, width: 640, height: 361 }, { type: 'invert' })));
    // 4:2:0 MCUs are 16x16: columns 40-80 (650 = 40 * 16 + 10; 1290 / 16 rounds up to 81), rows 22-45 (721 / 16 to 46).
    expect(plan).toMatchObject({ kind: 'pixels', decodeRegion: { left: 40, top: 22, right: 81, bottom: 46 } });
    expect(plan.kind === 'pixels' && plan.operations[1]).toMatchObject({ type: 'crop', x: 10, y: 8, width: 640, height: 361 });
    // Not first, not upright, not inside the image, or not a JPEG: the whole image is decoded.
    const whole = [
      jpegInput(ops({ type: 'brightness', factor: 1.2 }, { type: 'crop', x: 0, y: 0, width: 10, height: 10 })),
      jpegInput(ops({ type: 'crop', x: 0, y: 0, width: 10, height: 10 }), { exifOrientation: 6 }),
      jpegInput(ops({ type: 'crop', x: 1900, y: 0, width: 100, height: 10 })),
      jpegInput(ops({ type: 'crop', x: 0, y: 0, width: 10, height: 10 }), { sourceFormat: 'png', outputFormat: 'png', jpeg: undefined }),
    ];
    for (const input of whole) expect(planJob(input)).not.toHaveProperty('decodeRegion');
  });

  it('inverts in the DCT domain, with the other lossless steps, when the colour space allows', () => {
    expect(planJob(jpegInput(ops({ type: 'invert' })))).toEqual({ kind: 'jpeg-lossless', lumaOnly: false, orientation: UPRIGHT, invert: true });
    expect(planJob(jpegInput(ops({ type: 'invert' }, { type: 'grayscale' }, { type: 'rotate', degrees: 180 }))))
      .toMatchObject({ kind: 'jpeg-lossless', lumaOnly: true, invert: true, orientation: rotation(180) });
    // Two inverts undo each other.
    expect(planJob(jpegInput(ops({ type: 'invert' }, { type: 'invert' })))).toEqual({ kind: 'jpeg-lossless', lumaOnly: false, orientation: UPRIGHT });
    const cmyk = { gray: false, hasLumaPlane: false, maxH: 1, maxV: 1, lumaAtFullSize: false, squareSampling: true, canInvert: false, canTransform: () => true };
    expect(planJob(jpegInput(ops({ type: 'invert' }), { jpeg: cmyk }))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'invert' }, { type: 'threshold', level: 9 })))).toMatchObject({ kind: 'pixels' });
  });

  it('crops in the DCT domain when the corner is on an MCU corner and nothing is rotated', () => {
    const aligned = { type: 'crop', x: 320, y: 176, width: 333, height: 101 };
    expect(planJob(jpegInput(ops(aligned)))).toEqual({
      kind: 'jpeg-lossless', lumaOnly: false, orientation: UPRIGHT, crop: { region: { left: 20, top: 11, right: 41, bottom: 18 }, width: 333, height: 101 },
    });
    expect(planJob(jpegInput(ops({ type: 'grayscale' }, aligned)))).toMatchObject({ kind: 'jpeg-lossless', lumaOnly: true, crop: { width: 333 } });
    expect(planJob(jpegInput(ops(aligned), { quality: 90 }))).toMatchObject({ kind: 'jpeg-lossless', crop: { width: 333 }, quality: 90 });
    // Off the MCU grid, rotated after, or an upright view of an EXIF-rotated photo: decoded.
    for (const input of [
      jpegInput(ops({ ...aligned, y: 8 })),
      jpegInput(ops(aligned, { type: 'flip', direction: 'vertical' })),
      jpegInput(ops(aligned), { exifOrientation: 3 }),
      jpegInput(ops(aligned, { type: 'crop', x: 0, y: 0, width: 10, height: 10 })),
    ]) expect(planJob(input)).toMatchObject({ kind: 'pixels' });
  });

  it('decodes PNG straight to grayscale when the first step that is not a pixel move is grayscale or threshold', () => {
    const png = (operations: Operation[]) => jpegInput(operations, { sourceFormat: 'png', outputFormat: 'png', jpeg: undefined });
    const plan = planJob(png(ops({ type: 'flip', direction: 'horizontal' }, { type: 'grayscale' }, { type: 'invert' })));
    expect(plan).toMatchObject({ kind: 'pixels', lumaOnly: true, grayOutput: true });
    expect(plan.kind === 'pixels' && plan.operations.map((o) => o.type)).toEqual(['flip', 'no-op', 'invert']);
    expect(planJob(png(ops({ type: 'threshold', level: 100 })))).toMatchObject({ lumaOnly: true, grayOutput: true });
    // Not exact on a gray image, or not a pure pixel move before it: decoded in colour.
    expect(planJob(png(ops({ type: 'black-and-white' })))).toMatchObject({ lumaOnly: false, grayOutput: true });
    expect(planJob(png(ops({ type: 'blur', sigma: 1 }, { type: 'grayscale' })))).toMatchObject({ lumaOnly: false, grayOutput: true });
    expect(planJob({ ...png(ops({ type: 'grayscale' })), sourceFormat: 'gif' })).toMatchObject({ lumaOnly: false });
  });

  it('sharpens JPEG to JPEG on the luma plane alone, and only then', () => {
    const sharpen = ops({ type: 'sharpen', sigma: 1.5, amount: 2 });
    expect(planJob(jpegInput(sharpen))).toEqual({ kind: 'jpeg-luma', sigma: 1.5, amount: 2 });
    expect(planJob(jpegInput(sharpen, { quality: 60 }))).toMatchObject({ kind: 'jpeg-luma' });
    expect(planJob(jpegInput(sharpen, { jpeg: { gray: true, hasLumaPlane: true, maxH: 1, maxV: 1, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: () => true } }))).toMatchObject({ kind: 'jpeg-luma' });
    expect(planJob(jpegInput(ops({ type: 'sharpen' })))).toEqual({ kind: 'jpeg-luma', sigma: 1, amount: 1 });
    expect(planJob(jpegInput(ops({ type: 'no-op' }, { type: 'sharpen' }, { type: 'no-op' })))).toMatchObject({ kind: 'jpeg-luma' });
    // PNG out, a turned source, no luma plane (CMYK), luma not one sample per pixel, other or more steps: pixels.
    for (const input of [
      jpegInput(sharpen, { outputFormat: 'png' }),
      jpegInput(sharpen, { exifOrientation: 6 }),
      jpegInput(sharpen, { exifOrientation: 2 }),
      jpegInput(sharpen, { jpeg: { gray: false, hasLumaPlane: false, maxH: 1, maxV: 1, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: () => true } }),
      jpegInput(sharpen, { jpeg: { gray: false, hasLumaPlane: true, maxH: 2, maxV: 2, lumaAtFullSize: false, squareSampling: true, canInvert: true, canTransform: () => true } }),
      jpegInput(ops({ type: 'sharpen' }, { type: 'sharpen' })),
      jpegInput(ops({ type: 'sharpen' }, { type: 'rotate', degrees: 90 })),
      jpegInput(sharpen, { sourceFormat: 'png', jpeg: undefined }),
    ]) {
      expect(planJob(input).kind).toBe('pixels');
    }
  });

  it('blurs JPEG to JPEG plane by plane when every plane is sampled alike along both axes, and only then', () => {
    const blur = ops({ type: 'blur', sigma: 2.5 });
    const frame = (extra: Partial<NonNullable<PlanInput['jpeg']>>) => ({
      jpeg: { gray: false, hasLumaPlane: true, maxH: 2, maxV: 2, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: () => true, ...extra },
    });
    expect(planJob(jpegInput(blur))).toEqual({ kind: 'jpeg-blur', sigma: 2.5 });
    expect(planJob(jpegInput(blur, { quality: 60 }))).toMatchObject({ kind: 'jpeg-blur' });
    expect(planJob(jpegInput(blur, frame({ gray: true, maxH: 1, maxV: 1 })))).toMatchObject({ kind: 'jpeg-blur' });
    expect(planJob(jpegInput(ops({ type: 'no-op' }, { type: 'blur', sigma: 1 }, { type: 'no-op' })))).toEqual({ kind: 'jpeg-blur', sigma: 1 });
    // The luma plane need not be at full size, as long as every plane is sampled alike on both axes.
    expect(planJob(jpegInput(blur, frame({ lumaAtFullSize: false })))).toMatchObject({ kind: 'jpeg-blur' });
    // PNG out, a turned or mirrored source, no luma plane (CMYK), 4:2:2-like sampling, other or more steps: pixels.
    for (const input of [
      jpegInput(blur, { outputFormat: 'png' }),
      jpegInput(blur, { exifOrientation: 6 }),
      jpegInput(blur, { exifOrientation: 2 }),
      jpegInput(blur, frame({ hasLumaPlane: false, maxH: 1, maxV: 1 })),
      jpegInput(blur, frame({ maxV: 1, squareSampling: false })),
      jpegInput(ops({ type: 'blur', sigma: 1 }, { type: 'blur', sigma: 1 })),
      jpegInput(ops({ type: 'blur', sigma: 1 }, { type: 'sharpen' })),
      jpegInput(ops({ type: 'blur', sigma: 1 }, { type: 'rotate', degrees: 90 })),
      jpegInput(ops({ type: 'blur', sigma: 1 }, { type: 'grayscale' })),
      jpegInput(blur, { sourceFormat: 'png', outputFormat: 'jpeg', jpeg: undefined }),
    ]) {
      expect(planJob(input).kind).toBe('pixels');
    }
  });

  it('runs a lone threshold or black-and-white on the luma plane', () => {
    expect(planJob(jpegInput(ops({ type: 'threshold', level: 90 })))).toEqual({ kind: 'jpeg-mono', step: { type: 'threshold', level: 90 } });
    expect(planJob(jpegInput(ops({ type: 'no-op' }, { type: 'black-and-white' }), { quality: 70 }))).toEqual({ kind: 'jpeg-mono', step: { type: 'black-and-white' } });
    for (const input of [
      jpegInput(ops({ type: 'threshold', level: 90 }), { outputFormat: 'png' }),
      jpegInput(ops({ type: 'threshold', level: 90 }), { exifOrientation: 6 }),
      jpegInput(ops({ type: 'grayscale' }, { type: 'black-and-white' })),
      jpegInput(ops({ type: 'black-and-white' }), { jpeg: { gray: false, hasLumaPlane: false, maxH: 1, maxV: 1, lumaAtFullSize: true, squareSampling: true, canInvert: false, canTransform: () => true } }),
    ]) {
      expect(planJob(input).kind).toBe('pixels');
    }
  });

  it('averages a lone thumbnail (or area resize inside a box) of 4:1 or more from the coefficients', () => {
    const thumbnail = ops({ type: 'thumbnail', size: 320 });
    expect(planJob(jpegInput(thumbnail))).toEqual({ kind: 'jpeg-shrink', width: 320, height: 180, orientation: UPRIGHT });
    expect(planJob(jpegInput(ops({ type: 'no-op' }, { type: 'resize', width_px: 480, filter: 'area' })))).toEqual({ kind: 'jpeg-shrink', width: 480, height: 270, orientation: UPRIGHT });
    // Turns and mirrors around it apply to the shrunk samples; the shrink is sized in the stored frame.
    expect(planJob(jpegInput(thumbnail, { exifOrientation: 6 }))).toEqual({ kind: 'jpeg-shrink', width: 320, height: 180, orientation: rotation(90) });
    expect(planJob(jpegInput(ops({ type: 'rotate', degrees: 90 }, { type: 'resize', width_px: 200, filter: 'area' }, { type: 'flip', direction: 'vertical' }))))
      .toEqual({ kind: 'jpeg-shrink', width: 356, height: 200, orientation: compose(rotation(90), mirror('vertical')) });
    expect(planJob(jpegInput(thumbnail, { quality: 50 }))).toMatchObject({ kind: 'jpeg-shrink' });
    for (const input of [
      jpegInput(ops({ type: 'thumbnail', size: 640 })), // 3:1
      jpegInput(ops({ type: 'thumbnail', size: 320 }), { width: 4000, height: 3000 }), // 12.5:1, the 1/8 decode's
      jpegInput(ops({ type: 'resize', width_px: 320 })), // lanczos3
      jpegInput(ops({ type: 'resize', width_px: 320, height_px: 320, filter: 'area', fit: 'cover' })),
      jpegInput(ops({ type: 'thumbnail', size: 320 }, { type: 'grayscale' })),
      jpegInput(thumbnail, { outputFormat: 'png' }),
      jpegInput(ops({ type: 'thumbnail', size: 320 }, { type: 'thumbnail', size: 100 })),
      jpegInput(thumbnail, { jpeg: { gray: false, hasLumaPlane: true, maxH: 2, maxV: 1, lumaAtFullSize: true, squareSampling: false, canInvert: true, canTransform: () => true } }),
      jpegInput(thumbnail, { jpeg: { gray: false, hasLumaPlane: false, maxH: 1, maxV: 1, lumaAtFullSize: true, squareSampling: true, canInvert: false, canTransform: () => true } }),
    ]) {
      expect(planJob(input).kind).toBe('pixels');
    }
  });

  it('shrinks on load by the largest power of two that still leaves at least the target size', () => {
    const thumb = planJob(jpegInput(ops({ type: 'thumbnail', size: 320 }), { outputFormat: 'png' }));
    expect(thumb).toMatchObject({ kind: 'pixels', scale: 4 });
    // Rewritten to the size the full decode would give, so the output size cannot drift.
    expect(thumb.kind === 'pixels' && thumb.operations[0]).toMatchObject({ type: 'resize', width_px: 320, height_px: 180, fit: 'fill', filter: 'area' });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 320 }), { width: 4000, height: 3000 }))).toMatchObject({ scale: 8 });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1280 }), { outputFormat: 'png' }))).toMatchObject({ scale: 1 });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 960 })))).toMatchObject({ scale: 2 });
    // cover scales past the box before cropping: 320x320 of 1920x1080 needs 569x320 first.
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 320, height_px: 320, fit: 'cover' })))).toMatchObject({ scale: 2 });
    // A step that does not commute with downscaling keeps the full decode.
    expect(planJob(jpegInput(ops({ type: 'blur', sigma: 2 }, { type: 'thumbnail', size: 100 })))).toMatchObject({ scale: 1 });
    expect(planJob(jpegInput(ops({ type: 'thumbnail', size: 320 }), { sourceFormat: 'png', jpeg: undefined }))).toMatchObject({ scale: 1 });
    // EXIF orientation 6 turns the 1080x1920 stored image upright before the resize.
    const turned = planJob(jpegInput(ops({ type: 'resize', width_px: 270 }), { width: 1920, height: 1080, exifOrientation: 6 }));
    expect(turned.kind === 'pixels' && turned.operations[0]).toMatchObject({ width_px: 270, height_px: 480 });
  });

  it('resizes a JPEG to more than half its size on its planes, turns and mirrors around it aside', () => {
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1280 })))).toEqual({ kind: 'jpeg-resize', width: 1280, height: 720, filter: 'lanczos3', orientation: UPRIGHT });
    expect(planJob(jpegInput(ops({ type: 'no-op' }, { type: 'resize', width_px: 1000, height_px: 1000, fit: 'fill', filter: 'bilinear' }), { quality: 70 })))
      .toEqual({ kind: 'jpeg-resize', width: 1000, height: 1000, filter: 'bilinear', orientation: UPRIGHT });
    // Enlarging too; a thumbnail takes the area mean.
    expect(planJob(jpegInput(ops({ type: 'resize', height_px: 2160 })))).toMatchObject({ kind: 'jpeg-resize', width: 3840, height: 2160 });
    expect(planJob(jpegInput(ops({ type: 'thumbnail', size: 1000 })))).toEqual({ kind: 'jpeg-resize', width: 1000, height: 563, filter: 'area', orientation: UPRIGHT });
    // The box applies to the view at the step; the size is given in the stored frame, the turn after.
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 800 }), { width: 1920, height: 1080, exifOrientation: 6 })))
      .toEqual({ kind: 'jpeg-resize', width: 1422, height: 800, filter: 'lanczos3', orientation: fromExif(6) });
    expect(planJob(jpegInput(ops({ type: 'flip', direction: 'horizontal' }, { type: 'resize', width_px: 1280 }, { type: 'rotate', degrees: 90 }))))
      .toEqual({ kind: 'jpeg-resize', width: 1280, height: 720, filter: 'lanczos3', orientation: compose(mirror('horizontal'), rotation(90)) });
    // Half the size or less: the scaled decode (and the thumbnail shrink) cost less.
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 960 })))).toMatchObject({ kind: 'pixels', scale: 2 });
    expect(planJob(jpegInput(ops({ type: 'thumbnail', size: 320 })))).toMatchObject({ kind: 'jpeg-shrink' });
    // Not: a thumbnail that would not shrink, cover and contain (crop, padding), two resizes or
    // another step, PNG output, or a frame without a luma plane.
    expect(planJob(jpegInput(ops({ type: 'thumbnail', size: 4000 })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1000, height_px: 1000, fit: 'cover' })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1000, height_px: 1000, fit: 'contain' })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1280 }, { type: 'grayscale' })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1500 }, { type: 'resize', width_px: 1280 })))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1280 }), { outputFormat: 'png' }))).toMatchObject({ kind: 'pixels' });
    expect(planJob(jpegInput(ops({ type: 'resize', width_px: 1280 }), { jpeg: { gray: false, hasLumaPlane: false, maxH: 2, maxV: 2, lumaAtFullSize: true, squareSampling: true, canInvert: true, canTransform: () => true } }))).toMatchObject({ kind: 'pixels' });
  });
});
