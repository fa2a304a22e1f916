import { describe, expect, it } from 'vitest';
import { searchWithBackend } from './backendLink';

describe('searchWithBackend', () => {
  it('replaces the backend and keeps the configuration', () => {
    expect(searchWithBackend('?backend=webgpu&c=n%3D2', 'wasm')).toBe('?backend=wasm&c=n%3D2');
  });
  it('removes the backend so that the app chooses', () => {
    expect(searchWithBackend('?backend=webgpu&c=n%3D2', null)).toBe('?c=n%3D2');
    expect(searchWithBackend('?backend=webgpu', null)).toBe('');
  });
});
