// The experiment tabs, as the WAI-ARIA tabs pattern: one tab in the tab order, arrow keys, Home and
// End move between tabs, and a tab shows its panel when selected.

export function setUpTabs(list: HTMLElement, onShow?: (panel: HTMLElement) => void): (id: string) => void {
  const tabs = Array.from(list.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
  const select = (tab: HTMLButtonElement, focus: boolean) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(t.getAttribute('aria-controls')!)!;
      panel.hidden = !selected;
      if (selected) onShow?.(panel);
    }
    if (focus) tab.focus();
  };
  for (const tab of tabs) {
    tab.type = 'button';
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (e: KeyboardEvent) => {
      const i = tabs.indexOf(tab);
      const next =
        e.key === 'ArrowRight'
          ? tabs[(i + 1) % tabs.length]
          : e.key === 'ArrowLeft'
            ? tabs[(i - 1 + tabs.length) % tabs.length]
            : e.key === 'Home'
              ? tabs[0]
              : e.key === 'End'
                ? tabs[tabs.length - 1]
                : null;
      if (!next) return;
      e.preventDefault();
      select(next, true);
    });
  }
  return (id) => select(tabs.find((t) => t.id === id)!, false);
}
