import { act, render } from '@testing-library/react';
import { freshInstall } from '../../test/reset';
import { largeTextStore } from '../services/prefs';
import { PageShell } from './page-shell';

beforeEach(freshInstall);

describe('large-text mode (适老化)', () => {
  it('applies to every page at once and is kept on the device', () => {
    const { container } = render(<PageShell>内容</PageShell>);
    expect(container.querySelector('.page')?.className).not.toContain('elder');
    act(() => largeTextStore.set(true));
    expect(container.querySelector('.page')?.className).toContain('elder');
    expect(localStorage.getItem('sanwu.largeText')).toBe('true');
  });

  it('is off again when turned off, and the device forgets it', () => {
    act(() => largeTextStore.set(true));
    const { container } = render(<PageShell>内容</PageShell>);
    act(() => largeTextStore.set(false));
    expect(container.querySelector('.page')?.className).not.toContain('elder');
    expect(localStorage.getItem('sanwu.largeText')).toBeNull();
  });
});
