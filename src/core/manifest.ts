// manifest.json: what a run was (tool version, options, inputs with their size, rows and SHA-256) and what it
// wrote (each output's rows and SHA-256), so an uploader or an auditor can check that a folder is complete
// and unaltered. The run's time lives here and only here: every other file is byte-identical between runs
// of the same inputs and options.

export interface ManifestInput {
  file: string
  role: string
  format: string
  bytes: number
  rows: number
  sha256: string
}

export interface ManifestOutput {
  file: string
  rows: number
  bytes: number
  sha256: string
}

export interface Manifest {
  tool: 'wa-audience'
  version: string
  command: string
  created_at: string
  options: Record<string, unknown>
  inputs: ManifestInput[]
  outputs: ManifestOutput[]
}

export function buildManifest(m: Omit<Manifest, 'tool'>): Manifest {
  return { tool: 'wa-audience', ...m, outputs: [...m.outputs].sort((a, b) => a.file.localeCompare(b.file)) }
}
