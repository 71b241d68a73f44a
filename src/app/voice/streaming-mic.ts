import { resample, SPEECH_RATE } from '../../speech/pcm'

/**
 * The microphone as a stream of 16 kHz mono chunks, for a recogniser that decodes while the person
 * talks. The AudioContext is asked for 16 kHz so the browser resamples; where it refuses (some
 * browsers only run the device rate), chunks are resampled here. A ScriptProcessorNode needs no
 * worklet module file (deprecated, but in every browser), and runs only while the button is held.
 */
export class StreamingMic {
  private stream: MediaStream | null = null
  private ctx: AudioContext | null = null
  private node: ScriptProcessorNode | null = null

  async start(onChunk: (samples: Float32Array) => void): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    })
    let ctx: AudioContext
    try {
      ctx = new AudioContext({ sampleRate: SPEECH_RATE })
    } catch {
      ctx = new AudioContext()
    }
    const rate = ctx.sampleRate
    const node = ctx.createScriptProcessor(4096, 1, 1)
    node.onaudioprocess = (e) => {
      const data = new Float32Array(e.inputBuffer.getChannelData(0))
      onChunk(rate === SPEECH_RATE ? data : resample(data, rate, SPEECH_RATE))
    }
    ctx.createMediaStreamSource(this.stream).connect(node)
    // A processor only runs while connected to the output; it writes silence there.
    node.connect(ctx.destination)
    this.ctx = ctx
    this.node = node
  }

  async stop(): Promise<void> {
    this.node?.disconnect()
    for (const t of this.stream?.getTracks() ?? []) t.stop()
    await this.ctx?.close()
    this.node = null
    this.ctx = null
    this.stream = null
  }
}
