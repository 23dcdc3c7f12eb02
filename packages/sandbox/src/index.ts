/** @kaiku/sandbox */
export {};
