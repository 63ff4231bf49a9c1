// Block Kit limits the renderers rely on, in characters unless stated. Checked against Slack's
// reference pages (docs.slack.dev/reference/block-kit/...; views: /reference/views/modal-views)
// and @slack/types 3.2 doc comments; a view over any of them is rejected by the API, so the
// renderers clip to them and the tests check every view against them.
export const SLACK_LIMITS = {
  /** Blocks: "up to 50 blocks in each message, and 100 blocks in modals or Home tabs". */
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  /** Modal view: title, submit and close are plain_text of at most 24 characters. */
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  /** Header block text (plain_text). */
  headerText: 150,
  /** Section block: text, and up to 10 fields of at most 2000 each. */
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  /** Context block: at most 10 elements. */
  contextElements: 10,
  /** Actions block: at most 25 elements. */
  actionsElements: 25,
  /** Input block label and hint (plain_text). */
  inputLabel: 2000,
  inputHint: 2000,
  /** Placeholder of any input element. */
  placeholder: 150,
  /** Button: text 75, value 2000. */
  buttonText: 75,
  buttonValue: 2000,
  /** Option object: text 75, value 150. */
  optionText: 75,
  optionValue: 150,
  /** Static (multi-)select: at most 100 options, or 100 option groups of at most 100 options. */
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  /** Radio button group: at most 10 options. */
  radioOptions: 10,
  /** plain_text_input: max_length accepts 1..3000. */
  plainTextInputMaxLength: 3000,
} as const;

export type SlackLimit = keyof typeof SLACK_LIMITS;
