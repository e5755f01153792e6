// placeholder
export class DecodeError extends Error {}
export class EncodeError extends Error {}
