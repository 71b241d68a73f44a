/**
 * How much detail a view holds, the way issue #13 measures it against landscape photographs:
 * the mean absolute Laplacian of luminance (fine detail; photos at 960x540 measure ~10-28, a soft
 * smear ~1-5) and the slope alpha of the radially averaged power spectrum, P(f) ~ 1/f^alpha
 * (natural images sit near 2: Field 1987, van der Schaaf and van Hateren 1996; a smear is steeper,
 * ~3.5; white noise is flat, ~0). Both together: noise raises the Laplacian but flattens the slope.
 */

export interface DetailMeasure {
  /** Mean |4-neighbour Laplacian| of luma (0-255 scale) over interior pixels. */
  laplacian: number
  /** alpha in P(f) ~ 1/f^alpha, fitted over 4 cycles per image up to Nyquist. */
  spectrumSlope: number
}

/** Rec. 709 luma of sRGB-encoded RGBA pixels, 0-255. */
export function luminance(rgba: Uint8Array, width: number, height: number): Float64Array {
  const out = new Float64Array(width * height)
  for (let i = 0; i < out.length; i++) {
    out[i] = 0.2126 * rgba[i * 4]! + 0.7152 * rgba[i * 4 + 1]! + 0.0722 * rgba[i * 4 + 2]!
  }
  return out
}

export function meanAbsLaplacian(lum: Float64Array, width: number, height: number): number {
  if (width < 3 || height < 3) throw new RangeError('Laplacian: the image is smaller than 3x3')
  let sum = 0
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) sum += absLaplacianAt(lum, width, y * width + x)
  }
  return sum / ((width - 2) * (height - 2))
}

/** |Laplacian| (5-point) of luminance at pixel index `i`, which must not lie on the border. */
export function absLaplacianAt(lum: Float64Array, width: number, i: number): number {
  return Math.abs(4 * lum[i]! - lum[i - 1]! - lum[i + 1]! - lum[i - width]! - lum[i + width]!)
}

/** In-place radix-2 complex FFT of length n (a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      ;[re[i], re[j]] = [re[j]!, re[i]!]
      ;[im[i], im[j]] = [im[j]!, im[i]!]
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(angle * k)
        const wi = Math.sin(angle * k)
        const a = start + k
        const b = a + len / 2
        const tr = re[b]! * wr - im[b]! * wi
        const ti = re[b]! * wi + im[b]! * wr
        re[b] = re[a]! - tr
        im[b] = im[a]! - ti
        re[a] = re[a]! + tr
        im[a] = im[a]! + ti
      }
    }
  }
}

/**
 * Fits the power-spectrum slope on the largest centred power-of-two square (512 for 960x540),
 * Hann-windowed so the square's edges do not add a false 1/f^2 cross.
 */
export function spectrumSlope(lum: Float64Array, width: number, height: number): number {
  const n = 2 ** Math.floor(Math.log2(Math.min(width, height)))
  if (n < 32) throw new RangeError('spectrum: the image is smaller than 32x32')
  const x0 = Math.floor((width - n) / 2)
  const y0 = Math.floor((height - n) / 2)
  let mean = 0
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mean += lum[(y0 + y) * width + x0 + x]!
  mean /= n * n
  const hann = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)))
  const re = new Float64Array(n * n)
  const im = new Float64Array(n * n)
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      re[y * n + x] = (lum[(y0 + y) * width + x0 + x]! - mean) * hann[x]! * hann[y]!
    }
  }
  const rowRe = new Float64Array(n)
  const rowIm = new Float64Array(n)
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const i = pass === 0 ? r * n + c : c * n + r
        rowRe[c] = re[i]!
        rowIm[c] = im[i]!
      }
      fft(rowRe, rowIm)
      for (let c = 0; c < n; c++) {
        const i = pass === 0 ? r * n + c : c * n + r
        re[i] = rowRe[c]!
        im[i] = rowIm[c]!
      }
    }
  }
  // Radial average in log-spaced bins from 4 cycles per image to Nyquist.
  const fMin = 4
  const fMax = n / 2
  const bins = 24
  const power = new Float64Array(bins)
  const count = new Float64Array(bins)
  for (let v = 0; v < n; v++) {
    for (let u = 0; u < n; u++) {
      const fu = u <= n / 2 ? u : u - n
      const fv = v <= n / 2 ? v : v - n
      const f = Math.hypot(fu, fv)
      if (f < fMin || f > fMax) continue
      const bin = Math.min(bins - 1, Math.floor((Math.log(f / fMin) / Math.log(fMax / fMin)) * bins))
      power[bin]! += re[v * n + u]! ** 2 + im[v * n + u]! ** 2
      count[bin]! += 1
    }
  }
  const xs: number[] = []
  const ys: number[] = []
  for (let b = 0; b < bins; b++) {
    if (count[b]! === 0 || power[b]! <= 0) continue
    xs.push(Math.log(fMin * (fMax / fMin) ** ((b + 0.5) / bins)))
    ys.push(Math.log(power[b]! / count[b]!))
  }
  if (xs.length < 2) return 0
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = ys.reduce((a, b) => a + b, 0) / ys.length
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my)
    sxx += (xs[i]! - mx) ** 2
  }
  return -sxy / sxx
}

export function measureDetail(rgba: Uint8Array, width: number, height: number): DetailMeasure {
  const lum = luminance(rgba, width, height)
  return {
    laplacian: meanAbsLaplacian(lum, width, height),
    spectrumSlope: spectrumSlope(lum, width, height),
  }
}

/**
 * How alike two equally long sequences are: sum(a*b) / sqrt(sum(a*a) * sum(b*b)), 1 for one a
 * positive multiple of the other. Not centred: pass differences, or values less their mean.
 */
export function normalizedDot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError('normalizedDot: sequences of different lengths')
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!
    aa += a[i]! * a[i]!
    bb += b[i]! * b[i]!
  }
  return ab / Math.sqrt(aa * bb)
}
