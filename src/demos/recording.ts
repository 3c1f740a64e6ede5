/** Recordings moved to src/shared/recording.ts (the lesson renderer in the webview decodes them too). */
export * from '../shared/recording';
