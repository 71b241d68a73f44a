/**
 * Which synthesized voices settings are tuned on (voice-tune.ts) and which are held out: the goals
 * are judged on the held-out voices only. One voice per engine family is held out of tuning.
 */
export const TUNING_VOICES: readonly string[] = ['flite:slt', 'flite:rms', 'espeak-ng:en-us']
export const HELD_OUT_VOICES: readonly string[] = [
  'flite:awb',
  'flite:kal16',
  'espeak-ng:en-gb+f3',
  'espeak-ng:en-us+m7',
]
