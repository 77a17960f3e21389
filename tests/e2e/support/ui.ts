import type { Locator, Page } from 'playwright-core';

/*
 * Ways a user works Ant Design's widgets, by what they see: a select's options by their text, a
 * drag with the mouse as a hand does it (press, move a little at a time, release), messages.
 */

/** Opens an antd Select (by its combobox) and picks the option showing `text`. */
export async function choose(page: Page, combobox: Locator, text: string | RegExp): Promise<void> {
  await combobox.click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.waitFor();
  const option = dropdown.locator('.ant-select-item-option').filter({ hasText: text }).first();
  await option.scrollIntoViewIfNeeded();
  await option.click();
  // The dropdown closes (single select); a multiple select stays open: Escape closes it.
  if (await dropdown.isVisible()) await page.keyboard.press('Escape');
  await dropdown.waitFor({ state: 'hidden' });
}

/** Types into a searchable antd Select and takes the first match with Enter. */
export async function chooseBySearch(page: Page, combobox: Locator, search: string, expected: string | RegExp): Promise<void> {
  await combobox.click();
  await combobox.pressSequentially(search);
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.locator('.ant-select-item-option').filter({ hasText: expected }).first().click();
  await dropdown.waitFor({ state: 'hidden' });
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`nothing to grab: ${locator}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Drags with the mouse: presses on `handle`, moves in small steps (drag and drop libraries wait
 * for a few pixels of movement before they start) and releases over `target`. By default the
 * pointer goes to the target's centre (or a point of it given as fractions of its box; a tall
 * target, such as a long kanban column, is entered where it shows on screen). With `carry`, the
 * element the handle moves: it is brought centre on centre over the target instead, which is
 * what sortable lists compare (the dragged box, not the pointer).
 */
export async function drag(
  page: Page,
  handle: Locator,
  target: Locator,
  options: { at?: { x: number; y: number }; carry?: Locator; grab?: { x: number; y: number } } = {},
): Promise<void> {
  // Scroll first, measure after: scrolling one into view may move the other.
  await target.scrollIntoViewIfNeeded();
  await handle.scrollIntoViewIfNeeded();
  const handleBox = await handle.boundingBox();
  if (!handleBox) throw new Error(`nothing to grab: ${handle}`);
  // Where to press on the handle (fractions of its box; default its centre): away from links on a card.
  const from = { x: handleBox.x + handleBox.width * (options.grab?.x ?? 0.5), y: handleBox.y + handleBox.height * (options.grab?.y ?? 0.5) };
  const carried = options.carry ? await center(options.carry) : from;
  const box = await target.boundingBox();
  if (!box) throw new Error(`nowhere to drop: ${target}`);
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const point = {
    x: box.x + box.width * (options.at?.x ?? 0.5),
    y: Math.min(box.y + box.height * (options.at?.y ?? 0.5), viewport.height - 20),
  };
  const to = { x: from.x + (point.x - carried.x), y: from.y + (point.y - carried.y) };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 6, from.y + 6, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  // A last small move over the target lets the library settle on it before the drop.
  await page.mouse.move(to.x + 1, to.y + 1, { steps: 2 });
  await page.waitForTimeout(150);
  await page.mouse.up();
}

/** The change review dialog of the designer (plan from the metadata API, then Apply). */
export function reviewDialog(page: Page): Locator {
  return page.getByRole('dialog').filter({ has: page.getByTestId('change-plan') });
}

/**
 * Waits for the plan of a metadata change, checks it, applies it and waits for the confirmation.
 * A destructive plan must refuse to apply until the admin acknowledges it.
 */
export async function applyPlannedChange(page: Page, options: { destructive?: boolean; onPlan?: () => Promise<unknown> } = {}): Promise<string> {
  const dialog = reviewDialog(page);
  await dialog.waitFor();
  const summary = ((await dialog.getByTestId('change-plan').textContent()) ?? '').trim();
  await options.onPlan?.();
  if (options.destructive) {
    await dialog.getByText('This change is destructive').waitFor();
    const apply = dialog.getByRole('button', { name: 'Apply destructive change' });
    if (await apply.isEnabled()) throw new Error('a destructive change could be applied without acknowledging it');
    await dialog.getByTestId('confirm-destructive').click();
    await apply.click();
  } else {
    if (await dialog.getByText('This change is destructive').isVisible()) throw new Error(`the plan is unexpectedly destructive:\n${summary}`);
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
  }
  // The dialog closes once the change is applied and the metadata reloaded (a refusal keeps it open, with the problem).
  await dialog.waitFor({ state: 'hidden' });
  // Messages of earlier changes may still show: any confirmation will do.
  await page
    .getByText(/^Applied\. The metadata is now at version \d+\.$/)
    .first()
    .waitFor();
  return summary;
}

/** The form item (label, input and its messages) of an rjsf/antd form field, by its label. */
export function formItem(scope: Page | Locator, label: string): Locator {
  const page = 'mouse' in scope ? scope : scope.page();
  // rjsf nests form items (the record is one): the innermost one holding the label is the field's.
  return scope.locator('.ant-form-item:not(:has(.ant-form-item))').filter({ has: page.locator(`label:text-is("${label}")`) });
}
