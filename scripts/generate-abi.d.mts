// Types of the generators in generate-abi.mjs (imported by test/abi.test.ts).
export const NAMED_CODES: string[];
export function readLayout(text: string): { name: string; value: number; source: string; comments: string[] }[];
export function nameTables(constants: ReturnType<typeof readLayout>): Record<string, string[]>;
export function layoutModule(text: string): string;
export function exportsModule(bindings: string): string;
export function binaryModule(wasm: Uint8Array): string;
