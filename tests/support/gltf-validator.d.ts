/** The parts of the Khronos glTF validator's npm API the format tests use (the package ships no types). */
declare module 'gltf-validator' {
  export interface ValidatorMessage {
    code: string
    message: string
    /** 0 error, 1 warning, 2 info, 3 hint. */
    severity: number
    pointer?: string
  }
  export interface ValidatorReport {
    issues: { numErrors: number; numWarnings: number; numInfos: number; messages: ValidatorMessage[] }
  }
  export function validateBytes(data: Uint8Array, options?: { maxIssues?: number }): Promise<ValidatorReport>
}
