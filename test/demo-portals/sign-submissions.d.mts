/** Types for sign-submissions.mjs. */
export function signAsTeacher(options: {
  env: NodeJS.ProcessEnv;
  module: string;
  pin: string;
}): (files: { id: string; pdf: Uint8Array }[]) => Promise<Map<string, Uint8Array>>;
