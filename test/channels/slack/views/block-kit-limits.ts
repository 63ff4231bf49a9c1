import { SLACK_LIMITS as L } from '../../../../src/channels/slack/views/limits.js';

// Checks a view or message against Slack's Block Kit limits and the rules the renderers promise
// (unique block ids, initial options that are among the options, submit with inputs). Returns
// every violation as "path: problem", so a failing test says exactly what broke.

export type Surface = 'modal' | 'home' | 'message';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const textOf = (v: unknown): string => str(obj(v).text);

export function blockKitViolations(surface: Surface, payload: unknown): string[] {
  const out: string[] = [];
  const p = obj(payload);
  const max = (path: string, value: string | number | undefined, limit: number) => {
    const n = typeof value === 'string' ? value.length : (value ?? 0);
    if (n > limit) out.push(`${path}: ${n} > ${limit}`);
  };
  const plainText = (path: string, v: unknown, limit: number) => {
    if (obj(v).type !== 'plain_text') out.push(`${path}: must be plain_text`);
    if (!textOf(v)) out.push(`${path}: empty text`);
    max(path, textOf(v), limit);
  };

  const blocks = arr(p.blocks);
  const blockLimit = surface === 'message' ? L.messageBlocks : surface === 'modal' ? L.modalBlocks : L.homeBlocks;
  if (blocks.length === 0) out.push('blocks: none');
  max('blocks', blocks.length, blockLimit);

  if (surface === 'modal') {
    if (p.type !== 'modal') out.push('type: not modal');
    plainText('title', p.title, L.modalTitle);
    plainText('close', p.close ?? { type: 'plain_text', text: 'Cancel' }, L.modalClose);
    if (p.submit !== undefined) plainText('submit', p.submit, L.modalSubmit);
    if (blocks.some((b) => obj(b).type === 'input') && p.submit === undefined)
      out.push('submit: required when the modal has inputs');
    max('private_metadata', str(p.private_metadata), L.privateMetadata);
    max('callback_id', str(p.callback_id), L.callbackId);
  }
  if (surface === 'home' && p.type !== 'home') out.push('type: not home');
  if (surface === 'message' && !str(p.text)) out.push('text: messages need fallback text');

  const blockIds = new Set<string>();
  blocks.forEach((raw, i) => {
    const b = obj(raw);
    const at = `blocks[${i}](${str(b.type)})`;
    if (b.block_id !== undefined) {
      const id = str(b.block_id);
      if (!id) out.push(`${at}.block_id: empty`);
      max(`${at}.block_id`, id, L.blockId);
      if (blockIds.has(id)) out.push(`${at}.block_id: "${id}" is not unique in the view`);
      blockIds.add(id);
    }
    const actionIds = new Set<string>();
    const element = (path: string, e: Json) => {
      if (e.action_id !== undefined) {
        const id = str(e.action_id);
        max(`${path}.action_id`, id, L.actionId);
        if (actionIds.has(id)) out.push(`${path}.action_id: "${id}" is not unique in its block`);
        actionIds.add(id);
      }
      if (e.placeholder !== undefined) plainText(`${path}.placeholder`, e.placeholder, L.placeholder);
      checkElement(path, e, out, max, plainText);
    };
    switch (b.type) {
      case 'header':
        plainText(`${at}.text`, b.text, L.headerText);
        break;
      case 'section': {
        if (b.text === undefined && b.fields === undefined) out.push(`${at}: needs text or fields`);
        if (b.text !== undefined) {
          if (!textOf(b.text)) out.push(`${at}.text: empty`);
          max(`${at}.text`, textOf(b.text), L.sectionText);
        }
        const fields = arr(b.fields);
        max(`${at}.fields`, fields.length, L.sectionFields);
        fields.forEach((f, j) => max(`${at}.fields[${j}]`, textOf(f), L.sectionFieldText));
        if (b.accessory !== undefined) element(`${at}.accessory`, obj(b.accessory));
        break;
      }
      case 'context': {
        const elements = arr(b.elements);
        if (elements.length === 0) out.push(`${at}.elements: none`);
        max(`${at}.elements`, elements.length, L.contextElements);
        elements.forEach((e, j) => max(`${at}.elements[${j}]`, textOf(e), L.sectionText));
        break;
      }
      case 'actions': {
        const elements = arr(b.elements);
        if (elements.length === 0) out.push(`${at}.elements: none`);
        max(`${at}.elements`, elements.length, L.actionsElements);
        elements.forEach((e, j) => element(`${at}.elements[${j}]`, obj(e)));
        break;
      }
      case 'input':
        if (surface === 'message') out.push(`${at}: input blocks are not allowed in messages`);
        plainText(`${at}.label`, b.label, L.inputLabel);
        if (b.hint !== undefined) plainText(`${at}.hint`, b.hint, L.inputHint);
        element(`${at}.element`, obj(b.element));
        break;
      case 'divider':
        break;
      default:
        out.push(`${at}: block type not checked by this helper`);
    }
  });
  return out;
}

function checkElement(
  path: string,
  e: Json,
  out: string[],
  max: (path: string, value: string | number | undefined, limit: number) => void,
  plainText: (path: string, v: unknown, limit: number) => void,
): void {
  const optionList = (where: string, options: unknown[], limit: number): Json[] => {
    max(where, options.length, limit);
    return options.map((o, k) => {
      const opt = obj(o);
      plainText(`${where}[${k}].text`, opt.text, L.optionText);
      const value = str(opt.value);
      if (!value) out.push(`${where}[${k}].value: empty`);
      max(`${where}[${k}].value`, value, L.optionValue);
      return opt;
    });
  };
  const among = (where: string, chosen: unknown, all: Json[]) => {
    if (!all.some((o) => JSON.stringify(o) === JSON.stringify(chosen)))
      out.push(`${where}: not exactly one of the options`);
  };
  switch (e.type) {
    case 'button':
      plainText(`${path}.text`, e.text, L.buttonText);
      max(`${path}.value`, str(e.value), L.buttonValue);
      if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
        out.push(`${path}.style: ${String(e.style)}`);
      break;
    case 'static_select':
    case 'multi_static_select':
    case 'radio_buttons': {
      let all: Json[];
      if (e.option_groups !== undefined) {
        if (e.type === 'radio_buttons') out.push(`${path}: radio buttons take no option groups`);
        if (e.options !== undefined) out.push(`${path}: options and option_groups together`);
        const groups = arr(e.option_groups);
        max(`${path}.option_groups`, groups.length, L.optionGroups);
        all = groups.flatMap((g, k) => {
          plainText(`${path}.option_groups[${k}].label`, obj(g).label, L.optionGroupLabel);
          return optionList(`${path}.option_groups[${k}].options`, arr(obj(g).options), L.selectOptions);
        });
      } else {
        all = optionList(
          `${path}.options`,
          arr(e.options),
          e.type === 'radio_buttons' ? L.radioOptions : L.selectOptions,
        );
      }
      if (all.length === 0) out.push(`${path}: no options`);
      const values = all.map((o) => str(o.value));
      if (new Set(values).size !== values.length) out.push(`${path}: option values are not unique`);
      // Clipped to 75 characters, two options must still read differently.
      const texts = all.map((o) => textOf(o.text));
      if (new Set(texts).size !== texts.length) out.push(`${path}: option texts are not distinct`);
      if (e.initial_option !== undefined) among(`${path}.initial_option`, e.initial_option, all);
      arr(e.initial_options).forEach((o, k) => among(`${path}.initial_options[${k}]`, o, all));
      break;
    }
    case 'plain_text_input': {
      const maxLength = e.max_length;
      if (
        maxLength !== undefined &&
        (typeof maxLength !== 'number' || maxLength < 1 || maxLength > L.plainTextInputMaxLength)
      ) {
        out.push(`${path}.max_length: ${String(maxLength)} is outside 1..${L.plainTextInputMaxLength}`);
      }
      if (typeof maxLength === 'number') max(`${path}.initial_value`, str(e.initial_value), maxLength);
      break;
    }
    case 'datepicker':
      if (e.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(str(e.initial_date)))
        out.push(`${path}.initial_date: not YYYY-MM-DD`);
      break;
    case 'timepicker':
      if (e.initial_time !== undefined && !/^\d{2}:\d{2}$/.test(str(e.initial_time)))
        out.push(`${path}.initial_time: not HH:mm`);
      break;
    case 'datetimepicker':
      if (e.initial_date_time !== undefined && !Number.isInteger(e.initial_date_time))
        out.push(`${path}.initial_date_time: not whole epoch seconds`);
      break;
    case 'number_input':
      if (typeof e.is_decimal_allowed !== 'boolean') out.push(`${path}.is_decimal_allowed: required`);
      break;
    default:
      out.push(`${path}: element type ${String(e.type)} not checked by this helper`);
  }
}
