// The seven criteria of the §13 table with their behaviours, worded as in the policy.
// Ids are stable: reports store them, so a reworded label never changes history.
export interface Behaviour {
  id: string;
  label: string;
}

export interface Criterion {
  id: string;
  label: string;
  /** Policy paragraphs that elaborate this criterion. */
  paragraphs: number[];
  behaviours: Behaviour[];
}

export const CRITERIA: readonly Criterion[] = [
  {
    id: 'abusive_behaviour',
    label: 'Unacceptable and abusive behaviour',
    paragraphs: [13, 14, 15],
    behaviours: [
      {
        id: 'abusive_language',
        label: 'Using abusive or foul language on the telephone, face to face or by any written or digital channel',
      },
      { id: 'violence', label: 'Threatening to or the use of violence' },
      { id: 'multiple_emails', label: 'Consistently sending multiple emails demanding feedback' },
      { id: 'multiple_voicemails', label: 'Consistently leaving multiple voice mails demanding feedback' },
    ],
  },
  {
    id: 'unacceptable_language',
    label: 'Unacceptable language',
    paragraphs: [13, 15],
    behaviours: [
      { id: 'insulting', label: 'Insulting or degrading, offensive, derogatory or patronising' },
      { id: 'racist', label: 'Racist' },
      { id: 'sexist_homophobic_transphobic', label: 'Sexist, homophobic or transphobic' },
      {
        id: 'unfounded_allegations',
        label:
          'Serious allegations that individuals have committed criminal, corrupt or perverse conduct without any evidence',
      },
    ],
  },
  {
    id: 'unreasonable_demands',
    label: 'Unreasonable demands',
    paragraphs: [13, 16],
    behaviours: [
      { id: 'unreasonable_timescale', label: 'Repeatedly demanding response within an unreasonable timescale' },
      {
        id: 'specific_colleague',
        label: 'Insisting on seeing or speaking to, or avoiding, a specific colleague when that is not possible',
      },
      {
        id: 'changing_substance',
        label: 'Repeatedly changing the substance of a complaint or raising unrelated concerns',
      },
      {
        id: 'refusing_decision',
        label: 'Refusing to accept a decision where explanations for the decision have been provided',
      },
      {
        id: 'disadvantages_others',
        label: 'Disadvantages other customers and prevents their own complaint from being dealt with quickly',
      },
    ],
  },
  {
    id: 'unreasonable_contact',
    label: 'Unreasonable levels of contact',
    paragraphs: [13, 16],
    behaviours: [
      {
        id: 'volume_duration',
        label: 'Volume and duration of contact made to our services through email, post or telephone',
      },
      { id: 'continuous_contact', label: 'Continuous contact while we are in the process of considering a matter' },
      { id: 'excessive_copying', label: 'Unnecessarily or excessively copying us into emails to other parties' },
      {
        id: 'inundating',
        label: 'Inundating us with copies of information already sent or irrelevant to the complaint',
      },
      {
        id: 'time_impact',
        label:
          "Time spent on calls or correspondence impacts our ability to deal with that complaint or other customers' complaints",
      },
    ],
  },
  {
    id: 'refusal_to_cooperate',
    label: 'Unreasonable refusal to cooperate',
    paragraphs: [13, 17],
    behaviours: [
      {
        id: 'not_agreeing_substance',
        label: 'Not agreeing the substance of a complaint we will investigate and the expected outcomes',
      },
      { id: 'withholding_information', label: 'Not providing further information, evidence or comments on request' },
      { id: 'not_summarising', label: 'Not helping us by summarising their concerns' },
    ],
  },
  {
    id: 'complaint_policy_misuse',
    label: 'Unreasonable use of the complaint policy',
    paragraphs: [13, 18, 19],
    behaviours: [
      {
        id: 'repeated_complaints_harass',
        label:
          'Repeated complaints whose effect is to harass, or to prevent us from pursuing a legitimate aim or implementing a legitimate decision',
      },
    ],
  },
  {
    id: 'harassment',
    label: 'Harassment',
    paragraphs: [13],
    behaviours: [
      {
        id: 'recording_publishing',
        label: 'Recording telephone discussions and publishing information online through social media channels',
      },
      { id: 'personal_contact_staff', label: 'Contacting staff using their personal details or social media presence' },
      {
        id: 'publishing_staff_information',
        label: 'Publishing personal, sensitive or private information about staff online or in other public domains',
      },
    ],
  },
];

/** Behaviours that, when reported, put the case on the urgent path (§14, §15, §32). */
export const URGENT_BEHAVIOUR_IDS: readonly string[] = ['violence'];
