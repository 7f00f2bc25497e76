export const ROOT: string;
export const ICON_SVG: string;
export const ICONS_DIR: string;
export const PNG_SIZES: number[];
export function renderPng(svg: Buffer | string, size: number): Buffer;
export function generateIcons(svgPath?: string, outDir?: string): string[];
