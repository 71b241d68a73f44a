import type { AudioCapture } from './onnx-speech-input'
import { SPEECH_SAMPLE_RATE } from './speech-model'

/**
 * The microphone as 16 kHz mono PCM for an on-device speech model. The AudioContext runs at
 * 16 kHz so the browser resamples; a ScriptProcessorNode collects the samples because it needs no
 * separate worklet module (deprecated, but in every browser, and the cost is a few ms of audio
 * callbacks only while the button is held).
 */
export class MicCapture implements AudioCapture {
  private stream: MediaStream | null = null
  private ctx: AudioContext | null = null
  private node: ScriptProcessorNode | null = null
  private chunks: Float32Array[] = []

  async start(): Promise<void> {
    this.chunks = []
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    })
    const ctx = new AudioContext({ sampleRate: SPEECH_SAMPLE_RATE })
    const node = ctx.createScriptProcessor(4096, 1, 1)
    node.onaudioprocess = (e) => this.chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)))
    ctx.createMediaStreamSource(this.stream).connect(node)
    // A processor only runs while connected to the output; it writes silence there.
    node.connect(ctx.destination)
    this.ctx = ctx
    this.node = node
  }

  snapshot(): Float32Array {
    const n = this.chunks.reduce((s, c) => s + c.length, 0)
    const out = new Float32Array(n)
    let o = 0
    for (const c of this.chunks) {
      out.set(c, o)
      o += c.length
    }
    return out
  }

  async stop(): Promise<Float32Array> {
    const pcm = this.snapshot()
    this.node?.disconnect()
    for (const t of this.stream?.getTracks() ?? []) t.stop()
    await this.ctx?.close()
    this.node = null
    this.ctx = null
    this.stream = null
    this.chunks = []
    return pcm
  }
}
