import { describe, expect, it } from 'vitest'
import {
  encodePrompt,
  IMAGE_STYLE_FEATURES,
  imageStyle,
  ImageStyleError,
  type RgbaImage,
} from '../../src/core/prompt'
import { seededRandom } from '../../src/core/random'
import {
  DEFAULT_STYLE,
  STYLE_DIM,
  STYLE_FEATURES,
  STYLE_INDEX,
  styleRecord,
  styleVector,
} from '../../src/core/style'

type Colour = readonly [number, number, number]

/** A w x h opaque image: `top` above `split` (fraction of the height), `bottom` below, plus noise. */
function twoTone(top: Colour, bottom: Colour, w = 64, h = 64, noise = 0, split = 0.5): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4)
  const rnd = seededRandom(7)
  for (let y = 0; y < h; y++) {
    const c = (y + 0.5) / h < split ? top : bottom
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4
      for (let k = 0; k < 3; k++) data[i + k] = c[k]! + (rnd() - 0.5) * noise
      data[i + 3] = 255
    }
  }
  return { width: w, height: h, data }
}

const solid = (c: Colour, w = 16, h = 16): RgbaImage => twoTone(c, c, w, h)

function expectSane(image: RgbaImage): ReturnType<typeof imageStyle> {
  const s = imageStyle(image)
  expect(s.style).toHaveLength(STYLE_DIM)
  for (const [i, v] of s.style.entries()) {
    expect(Number.isFinite(v), `${STYLE_FEATURES[i]} is ${v}`).toBe(true)
    expect(v).toBeGreaterThanOrEqual(0)
    expect(v).toBeLessThanOrEqual(1)
  }
  for (const v of [
    s.brightness,
    ...s.sky,
    ...s.ground,
    ...s.palette.flatMap((p) => [...p.rgb, p.share, p.lower]),
  ])
    expect(Number.isFinite(v)).toBe(true)
  expect(Number.isInteger(s.seed) && s.seed >= 0 && s.seed < 65536).toBe(true)
  expect(s.palette.reduce((a, p) => a + p.share, 0)).toBeCloseTo(1, 6)
  return s
}

describe('image style: what a picture says', () => {
  it('blue sky over green ground: a clear day, green ground and plants', () => {
    const s = expectSane(twoTone([90, 150, 230], [60, 130, 40], 64, 64, 20))
    const r = styleRecord(s.style)
    expect(s.sky[2]).toBeGreaterThan(s.sky[0] + 0.3)
    expect(s.ground[1]).toBeGreaterThan(s.ground[0] + 0.15)
    expect(r.timeOfDay).toBeGreaterThan(0.35)
    expect(r.timeOfDay).toBeLessThan(0.6)
    expect(r.groundG).toBeGreaterThan(r.groundR * 2)
    expect(r.groundG).toBeGreaterThan(r.groundB * 2)
    expect(r.foliageG).toBeGreaterThan(r.foliageR)
    expect(r.vegetation).toBeGreaterThan(DEFAULT_STYLE.vegetation)
    expect(r.clouds).toBeLessThan(0.2)
    expect(r.snow).toBe(0)
  })

  it('an orange sky over red ground: a low sun, warm red ground, no vegetation to hide it', () => {
    const s = expectSane(twoTone([250, 140, 40], [150, 40, 25], 64, 64, 30))
    const r = styleRecord(s.style)
    expect(r.timeOfDay).toBeGreaterThan(0.68)
    expect(r.timeOfDay).toBeLessThan(0.8)
    expect(r.groundR).toBeGreaterThan(3 * r.groundG)
    expect(r.groundR).toBeGreaterThan(3 * r.groundB)
    expect(r.vegetation).toBeLessThan(0.15)
    expect(r.sand).toBeLessThan(0.1)
  })

  it('a red desert under a pale sky: warm ground (red over green over blue), daylight', () => {
    const r = styleRecord(expectSane(twoTone([200, 215, 235], [190, 100, 55], 48, 32, 25)).style)
    expect(r.groundR).toBeGreaterThan(r.groundG)
    expect(r.groundG).toBeGreaterThan(r.groundB)
    expect(r.groundR).toBeGreaterThan(1.8 * r.groundB)
    expect(r.timeOfDay).toBeLessThan(0.6)
    expect(r.vegetation).toBeLessThan(0.15)
  })

  it('a dark picture: dusk or night, whatever its hue', () => {
    for (const [top, bottom] of [
      [
        [10, 12, 30],
        [20, 20, 20],
      ],
      [
        [40, 20, 12],
        [15, 10, 8],
      ],
      [
        [0, 0, 0],
        [0, 0, 0],
      ],
    ] as const) {
      const s = expectSane(twoTone(top, bottom, 32, 32, 8))
      expect(s.brightness).toBeLessThan(0.12)
      // 0.78 and on is dusk into night in the lexicon ("evening" 0.77, "dusk" 0.8, "night" ~0).
      expect(styleRecord(s.style).timeOfDay, `${top.join()} / ${bottom.join()}`).toBeGreaterThan(0.78)
    }
  })

  it('brighter pictures are earlier in the day than darker ones of the same colours', () => {
    const tod = (k: number) =>
      styleRecord(imageStyle(twoTone([90 * k, 150 * k, 230 * k], [60 * k, 130 * k, 40 * k])).style).timeOfDay
    expect(tod(1)).toBeLessThan(tod(0.45))
    expect(tod(0.45)).toBeLessThan(tod(0.15))
  })

  it('a grey sky is overcast, a white ground is snow, a flat picture is hazy', () => {
    const grey = styleRecord(imageStyle(twoTone([200, 200, 205], [110, 105, 95], 32, 32, 20)).style)
    expect(grey.clouds).toBeGreaterThan(0.6)
    const snowy = styleRecord(imageStyle(twoTone([150, 190, 240], [240, 242, 245], 32, 32, 6)).style)
    expect(snowy.snow).toBeGreaterThan(0.5)
    const contrasty = styleRecord(imageStyle(twoTone([250, 250, 250], [10, 10, 10])).style)
    const flat = styleRecord(imageStyle(solid([120, 130, 140])).style)
    expect(flat.fog).toBeGreaterThan(contrasty.fog + 0.2)
  })

  it('finds the dominant colours, largest first, and where they are', () => {
    // Three bands: 50% sky blue, 30% green, 20% brown at the bottom.
    const w = 40
    const h = 40
    const img = twoTone([80, 140, 220], [70, 140, 50], w, h)
    for (let y = 32; y < h; y++) for (let x = 0; x < w; x++) img.data.set([120, 80, 40, 255], (y * w + x) * 4)
    const { palette } = imageStyle(img)
    expect(palette).toHaveLength(3)
    expect(palette.map((p) => Math.round(p.share * 100))).toEqual([50, 30, 20])
    expect(palette[0]!.rgb[2]).toBeCloseTo(220 / 255, 2)
    expect(palette[0]!.lower).toBe(0)
    expect(palette[2]!.lower).toBe(1)
    expect(palette[2]!.rgb.map((v) => Math.round(v * 255))).toEqual([120, 80, 40])
  })

  it('keeps the base style’s terrain shape and sets only colour and light', () => {
    const base = encodePrompt('snowy mountains with a lake').style
    const s = imageStyle(twoTone([250, 140, 40], [150, 40, 25]), base)
    for (const f of STYLE_FEATURES) {
      const i = STYLE_INDEX[f]
      if (IMAGE_STYLE_FEATURES.includes(f)) expect(s.set[f], f).toBe(s.style[i])
      else {
        expect(s.style[i], f).toBe(base[i])
        expect(s.set[f]).toBeUndefined()
      }
    }
    expect(Object.keys(s.set).sort()).toEqual([...IMAGE_STYLE_FEATURES].sort())
  })
})

describe('image style: determinism and seeds', () => {
  it('the same pixels give the same style, palette and seed; a copy in another array type too', () => {
    const a = twoTone([250, 140, 40], [150, 40, 25], 50, 30, 40)
    const b = { ...a, data: new Uint8Array(a.data) }
    const sa = imageStyle(a)
    const sb = imageStyle(b)
    expect(Array.from(sb.style)).toEqual(Array.from(sa.style))
    expect(sb.seed).toBe(sa.seed)
    expect(sb.palette).toEqual(sa.palette)
  })

  it('a different image gives a different seed, even one pixel off', () => {
    const a = twoTone([250, 140, 40], [150, 40, 25], 32, 32, 10)
    const b = { ...a, data: new Uint8ClampedArray(a.data) }
    b.data[4 * 100] ^= 1
    expect(imageStyle(b).seed).not.toBe(imageStyle(a).seed)
    const seeds = new Set(
      [0, 1, 2, 3, 4, 5, 6, 7].map((k) => imageStyle(solid([k * 30, 100, 200 - k * 20])).seed),
    )
    expect(seeds.size).toBe(8)
  })

  it('the seed depends on the size, not only the bytes (1x4 vs 4x1 vs 2x2)', () => {
    const data = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 9, 9, 9, 255])
    const seeds = new Set([
      imageStyle({ width: 1, height: 4, data }).seed,
      imageStyle({ width: 4, height: 1, data }).seed,
      imageStyle({ width: 2, height: 2, data }).seed,
    ])
    expect(seeds.size).toBe(3)
  })
})

describe('image style: odd and bad inputs', () => {
  it('solid colours, including black and white, give one palette colour and a sane style', () => {
    for (const c of [
      [0, 0, 0],
      [255, 255, 255],
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [128, 128, 128],
    ] as const) {
      const s = expectSane(solid(c))
      expect(s.palette).toHaveLength(1)
      expect(s.palette[0]!.share).toBe(1)
      expect(s.sky).toEqual(s.ground)
      expect(s.sky.map((v) => Math.round(v * 255))).toEqual([...c])
    }
  })

  it('a 1x1 image works: its one pixel is sky, ground and palette', () => {
    const s = expectSane({ width: 1, height: 1, data: new Uint8Array([200, 120, 30, 255]) })
    expect(s.palette).toHaveLength(1)
    expect(s.ground.map((v) => Math.round(v * 255))).toEqual([200, 120, 30])
    expect(s.brightness).toBeGreaterThan(0.4)
  })

  it('a very wide strip and a very tall one', () => {
    expectSane(twoTone([90, 150, 230], [60, 130, 40], 5000, 1))
    const tall = expectSane(twoTone([90, 150, 230], [60, 130, 40], 1, 5000))
    expect(tall.sky[2]).toBeGreaterThan(tall.ground[2])
  })

  it('a huge image (4096 x 3072) reads like its small version, within a second or so', () => {
    const small = imageStyle(twoTone([250, 140, 40], [150, 40, 25], 64, 48))
    const big = twoTone([250, 140, 40], [150, 40, 25], 4096, 3072)
    const t0 = performance.now()
    const s = expectSane(big)
    const ms = performance.now() - t0
    console.log(`4096 x 3072 image style: ${ms.toFixed(0)} ms`)
    for (const f of STYLE_FEATURES)
      expect(s.style[STYLE_INDEX[f]], f).toBeCloseTo(small.style[STYLE_INDEX[f]]!, 2)
    expect(ms).toBeLessThan(5000)
  })

  it('ignores transparent pixels and weighs translucent ones by their alpha', () => {
    const green = twoTone([90, 150, 230], [60, 130, 40], 32, 32)
    const holes = { ...green, data: new Uint8ClampedArray(green.data) }
    // Magenta, but invisible: it must not tint anything.
    for (let i = 0; i < holes.data.length; i += 4 * 3) holes.data.set([255, 0, 255, 0], i)
    const a = imageStyle(green)
    const b = imageStyle(holes)
    for (const f of STYLE_FEATURES)
      expect(b.style[STYLE_INDEX[f]], f).toBeCloseTo(a.style[STYLE_INDEX[f]]!, 5)
    expect(b.seed).not.toBe(a.seed)
  })

  it('random images of random sizes never give NaN or values out of range', () => {
    const rnd = seededRandom(42)
    for (let n = 0; n < 60; n++) {
      const w = 1 + Math.floor(rnd() * 90)
      const h = 1 + Math.floor(rnd() * 90)
      const data = new Uint8ClampedArray(w * h * 4)
      const mode = n % 3
      for (let i = 0; i < data.length; i++) {
        // Uniform noise, near-black with rare bright pixels, and mostly-transparent images.
        const v = mode === 1 ? (rnd() < 0.02 ? 255 : rnd() * 6) : rnd() * 256
        data[i] = i % 4 === 3 && mode === 2 ? (rnd() < 0.1 ? 1 + rnd() * 254 : 0) : v
      }
      if (mode === 2) data[3] = 1 // at least one visible pixel
      expectSane({ width: w, height: h, data })
    }
  })

  it('refuses an image with no pixels, short data, or nothing visible, with a message', () => {
    const bad: RgbaImage[] = [
      { width: 0, height: 10, data: new Uint8Array(0) },
      { width: 10, height: -1, data: new Uint8Array(0) },
      { width: 2.5, height: 2, data: new Uint8Array(40) },
      { width: Number.NaN, height: 2, data: new Uint8Array(40) },
      { width: 4, height: 4, data: new Uint8Array(4 * 4 * 4 - 1) },
    ]
    for (const image of bad)
      expect(() => imageStyle(image), JSON.stringify(image.width)).toThrow(ImageStyleError)
    const clear = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 4).fill(255) }
    for (let i = 3; i < clear.data.length; i += 4) clear.data[i] = 0
    expect(() => imageStyle(clear)).toThrow(/transparent/)
  })

  it('refuses a base style of the wrong length (a programming error, not the picture’s)', () => {
    expect(() => imageStyle(solid([1, 2, 3]), new Float32Array(3))).toThrow(RangeError)
    expect(() => imageStyle(solid([1, 2, 3]), styleVector())).not.toThrow()
  })
})
