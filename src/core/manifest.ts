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

/** The manifest's name in an output folder. */
export const MANIFEST_FILE = 'manifest.json'

/** The manifest's shape, named so that a later version can tell ours from any other JSON file. */
export const MANIFEST_SCHEMA = 'wa-audience/manifest/1'

export interface Manifest {
  tool: 'wa-audience'
  schema: typeof MANIFEST_SCHEMA
  version: string
  command: string
  created_at: string
  options: Record<string, unknown>
  inputs: ManifestInput[]
  outputs: ManifestOutput[]
}

export function buildManifest(m: Omit<Manifest, 'tool' | 'schema'>): Manifest {
  return { tool: 'wa-audience', schema: MANIFEST_SCHEMA, ...m, outputs: [...m.outputs].sort((a, b) => a.file.localeCompare(b.file)) }
}

const SHA256_HEX = /^[0-9a-f]{64}$/

/**
 * Whether parsed JSON is a manifest wa-audience wrote: our tool name, our schema (or none, as before the schema
 * was named), a version and command, and an outputs list of files with their SHA-256. Only a folder with such a
 * manifest is ever replaced (io/output-ownership.ts).
 */
export function isOurManifest(x: unknown): x is Pick<Manifest, 'tool' | 'version' | 'command' | 'outputs'> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false
  const m = x as Record<string, unknown>
  if (m.tool !== 'wa-audience') return false
  if (m.schema !== undefined && m.schema !== MANIFEST_SCHEMA) return false
  if (typeof m.version !== 'string' || typeof m.command !== 'string' || !Array.isArray(m.outputs)) return false
  return m.outputs.every((o: unknown) => {
    if (typeof o !== 'object' || o === null) return false
    const f = (o as Record<string, unknown>).file
    const sha = (o as Record<string, unknown>).sha256
    // A listed file is a plain relative path inside the folder: never `..`, never absolute.
    return typeof f === 'string' && f !== '' && !f.startsWith('/') && !f.split('/').some((s) => s === '..' || s === '.' || s === '') && typeof sha === 'string' && SHA256_HEX.test(sha)
  })
}
