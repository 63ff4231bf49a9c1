import type { ActionId } from './transitions.js';

// How each action is named to people, on buttons and in histories. `style` marks the buttons
// that move a case forward (primary) or close or refuse (danger), as Slack and Teams show them.
export interface ActionPresentation {
  label: string;
  /** Past tense, for "Escalated by X at T". */
  done: string;
  style?: 'primary' | 'danger';
}

export const ACTION_PRESENTATION: Record<ActionId, ActionPresentation> = {
  report: { label: 'Report an incident', done: 'Reported' },
  attach_report: { label: 'Add a report', done: 'Further incident reported' },
  escalate: { label: 'Escalate', done: 'Escalated', style: 'primary' },
  resolve_informally: { label: 'Resolve informally', done: 'Resolved informally' },
  refer_to_asb: { label: 'Refer to ASB policy', done: 'Referred to the ASB policy' },
  request_information: { label: 'Ask the reporter', done: 'More information requested' },
  provide_information: { label: 'Answer', done: 'Information provided' },
  propose_flag_marker: { label: 'Propose flag marker', done: 'Flag marker proposed' },
  approve_flag_marker: { label: 'Approve flag marker', done: 'Flag marker approved', style: 'primary' },
  reject_flag_marker: { label: 'Reject flag marker', done: 'Flag marker rejected' },
  propose_warning: { label: 'Propose warning letter', done: 'Warning letter proposed', style: 'primary' },
  approve_warning: { label: 'Approve warning', done: 'Warning approved and issued', style: 'primary' },
  send_back: { label: 'Send back', done: 'Sent back' },
  propose_restrictions: { label: 'Propose restrictions', done: 'Restrictions proposed', style: 'primary' },
  close_no_further_action: { label: 'Close: no further action', done: 'Closed with no further action' },
  close_behaviour_modified: { label: 'Close: behaviour modified', done: 'Closed: behaviour modified' },
  approve_restrictions: {
    label: 'Approve restrictions',
    done: 'Restrictions approved and letter issued',
    style: 'primary',
  },
  review_continue: { label: 'Review: continue', done: 'Reviewed: restrictions continue' },
  review_vary: { label: 'Review: vary', done: 'Reviewed: variation proposed' },
  review_lift: { label: 'Review: lift', done: 'Reviewed: restrictions lifted' },
  expire: { label: 'Expire', done: 'Restrictions expired' },
  propose_refusal: {
    label: 'Propose refusal of all contact',
    done: 'Refusal of all contact proposed',
    style: 'danger',
  },
  refuse_all_contact: { label: 'Refuse all contact', done: 'All contact refused', style: 'danger' },
  renew_refusal: { label: 'Renew refusal of all contact', done: 'Refusal of all contact renewed', style: 'danger' },
  record_police_or_legal_action: { label: 'Record police or legal action', done: 'Police or legal action recorded' },
  receive_new_complaint: { label: 'Record a new complaint', done: 'New complaint received' },
  decide_new_complaint: { label: 'Decide new complaint', done: 'New complaint decided' },
  receive_appeal: { label: 'Record an appeal', done: 'Appeal received' },
  decide_appeal: { label: 'Decide appeal', done: 'Appeal decided', style: 'primary' },
  answer_police_question: { label: 'Were the police called?', done: 'Police question answered' },
  propose_protective_step: { label: 'Record a protective step', done: 'Protective step taken' },
  ratify_protective_step: { label: 'Ratify protective step', done: 'Protective step ratified' },
  record_dispatch: { label: 'Record letter dispatch', done: 'Letter dispatch recorded' },
};
