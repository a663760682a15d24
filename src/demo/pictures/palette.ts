// Colour sets shared by several scenes.

export const VIVID = ['#c8412f', '#2f6fb0', '#e3a21a', '#3d8b5a', '#7b4a9e', '#d9731e', '#1f8a8a', '#b83a6b'] as const;

export const SKINS = ['#f3d7c2', '#e6bc9c', '#d19f78', '#b07a52', '#8a5a3a', '#5e3b26'] as const;

export const HAIRS = ['#1c1712', '#3a2617', '#6b4326', '#a0522d', '#d6b26e', '#9a9a9a', '#e8e4dc'] as const;
