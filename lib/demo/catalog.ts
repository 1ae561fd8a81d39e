// The demo catalog: skills, and course templates with their sections,
// lessons (key points become the Markdown body), one assessment with a
// question of every kind, and practice tasks. The generator cycles through
// these templates when it needs more courses than there are.

export const SKILL_NAMES = [
  "Negotiation",
  "Active listening",
  "Data analysis",
  "Decision making",
  "Remote leadership",
  "Feedback",
  "Customer discovery",
  "Prioritisation",
] as const;

export interface LessonTemplate {
  title: string;
  minutes: number;
  points: [string, string, string];
}

export interface QuestionTemplate {
  kind: "single_choice" | "multiple_choice" | "numeric" | "free_text";
  prompt: string;
  /** Choice questions: the options; the correct ones are listed in `correct`. */
  options?: string[];
  correct?: number[];
  /** Numeric questions: the value and accepted tolerance. */
  value?: number;
  tolerance?: number;
  /** Free-text questions: what the trainer grades against. */
  rubric?: string;
  points: number;
  /** Index into the course's skills. */
  skill: number;
}

export interface CourseTemplate {
  title: string;
  description: string;
  /** Indexes into SKILL_NAMES. */
  skills: number[];
  sections: { title: string; lessons: LessonTemplate[] }[];
  assessment: { title: string; passMark: number; timeLimitMinutes: number; maxAttempts: number; questions: QuestionTemplate[] };
  practice: { title: string; tasks: string[] };
}

export const COURSE_TEMPLATES: CourseTemplate[] = [
  {
    title: "Negotiation Fundamentals",
    description: "Prepare, open and close negotiations that leave both sides better off.",
    skills: [0, 1],
    sections: [
      {
        title: "Preparing to negotiate",
        lessons: [
          { title: "Interests before positions", minutes: 12, points: ["Positions are what people ask for; interests are why they ask", "Ask \"why does that matter to you?\" until you reach an interest", "Write down both sides' interests before the meeting"] },
          { title: "Your BATNA", minutes: 15, points: ["BATNA: the best alternative to a negotiated agreement", "Never accept a deal worse than your BATNA", "Improve your BATNA before you negotiate, not during"] },
          { title: "Setting a target and a walk-away", minutes: 10, points: ["Anchor your target on evidence, not hope", "Decide the walk-away point in advance", "Share neither number early"] },
        ],
      },
      {
        title: "At the table",
        lessons: [
          { title: "Opening offers and anchoring", minutes: 14, points: ["The first credible number anchors the discussion", "Justify an ambitious opening with criteria", "Re-anchor calmly when the other side opens extreme"] },
          { title: "Listening to learn", minutes: 11, points: ["Summarise what you heard before you answer", "Label emotions you notice without judging them", "Silence is a tool: let the other side fill it"] },
          { title: "Trading concessions", minutes: 13, points: ["Never concede without getting something back", "Trade what is cheap for you and valuable to them", "Make each concession smaller than the last"] },
        ],
      },
      {
        title: "Closing",
        lessons: [
          { title: "Packaging the agreement", minutes: 9, points: ["Summarise every term in writing", "Check the deal against your interests and BATNA", "Agree on next steps and owners"] },
        ],
      },
    ],
    assessment: {
      title: "Negotiation Fundamentals — final check",
      passMark: 60,
      timeLimitMinutes: 30,
      maxAttempts: 3,
      questions: [
        { kind: "single_choice", prompt: "What does BATNA stand for?", options: ["Best alternative to a negotiated agreement", "Bottom acceptable term of a negotiated agreement", "Bargaining approach toward new agreements"], correct: [0], points: 1, skill: 0 },
        { kind: "single_choice", prompt: "The other side opens with an extreme number. What do you do first?", options: ["Accept to keep goodwill", "Re-anchor with a justified counter-offer", "Split the difference"], correct: [1], points: 1, skill: 0 },
        { kind: "multiple_choice", prompt: "Which of these are interests rather than positions?", options: ["Keeping delivery costs predictable", "A 12% discount", "Protecting the team's weekends", "Delivery by 1 March"], correct: [0, 2], points: 2, skill: 0 },
        { kind: "numeric", prompt: "Your walk-away price is 40,000 and your BATNA is worth 42,000. What is the lowest offer you should accept, in thousands?", value: 42, tolerance: 0, points: 1, skill: 0 },
        { kind: "single_choice", prompt: "Which technique shows the other side you listened?", options: ["Interrupting with your counter-offer", "Summarising their point before answering", "Changing the subject"], correct: [1], points: 1, skill: 1 },
        { kind: "free_text", prompt: "Describe a concession you could trade in your next negotiation and what you would ask for in return.", rubric: "Names a concrete concession, something asked in return, and why it is cheap for one side and valuable to the other.", points: 3, skill: 1 },
      ],
    },
    practice: { title: "Negotiation practice", tasks: ["List the interests behind your last request", "Write down your BATNA for a current deal", "Practise one summarising sentence in a meeting"] },
  },
  {
    title: "Data Literacy for Managers",
    description: "Read charts critically, ask better questions of data and decide with evidence.",
    skills: [2, 3],
    sections: [
      {
        title: "Reading data",
        lessons: [
          { title: "Averages that mislead", minutes: 12, points: ["The mean hides skew; check the median too", "Look at the distribution before the summary", "Outliers are questions, not noise"] },
          { title: "Charts and their traps", minutes: 10, points: ["Truncated axes exaggerate change", "Compare like with like: same scale, same period", "Ask what the chart leaves out"] },
          { title: "Correlation is not causation", minutes: 14, points: ["Two things moving together may share a cause", "Look for a plausible mechanism", "Experiments beat observations for causal claims"] },
        ],
      },
      {
        title: "Deciding with data",
        lessons: [
          { title: "Framing the question", minutes: 11, points: ["Start from the decision, not the dashboard", "Define what would change your mind", "Agree on the metric before looking at it"] },
          { title: "Good-enough evidence", minutes: 13, points: ["Decide how reversible the decision is", "Reversible decisions need less certainty", "Record the evidence you used"] },
        ],
      },
    ],
    assessment: {
      title: "Data Literacy — final check",
      passMark: 60,
      timeLimitMinutes: 25,
      maxAttempts: 3,
      questions: [
        { kind: "single_choice", prompt: "Salaries in a team are 30k, 32k, 35k, 36k and 250k. Which summary describes a typical salary best?", options: ["The mean", "The median", "The maximum"], correct: [1], points: 1, skill: 0 },
        { kind: "numeric", prompt: "What is the median of 3, 9, 4, 7 and 5?", value: 5, tolerance: 0, points: 1, skill: 0 },
        { kind: "numeric", prompt: "Conversions rose from 40 to 50 per week. By what percentage did they rise?", value: 25, tolerance: 0.5, points: 1, skill: 0 },
        { kind: "multiple_choice", prompt: "Which of these can make a chart misleading?", options: ["A truncated y-axis", "Labelled axes", "Different scales side by side", "A stated data source"], correct: [0, 2], points: 2, skill: 0 },
        { kind: "single_choice", prompt: "Ice-cream sales and sunburns rise together. What is the most likely explanation?", options: ["Ice cream causes sunburn", "A shared cause: sunny weather", "Sunburn causes ice-cream cravings"], correct: [1], points: 1, skill: 1 },
        { kind: "free_text", prompt: "Describe a decision you will make this month and the one metric that would change your mind.", rubric: "Names a real decision, one metric and the threshold that would change the decision.", points: 3, skill: 1 },
      ],
    },
    practice: { title: "Data practice", tasks: ["Find one chart at work with a truncated axis", "Compute the median of a metric you report", "Write the decision behind your main dashboard"] },
  },
  {
    title: "Leading Remote Teams",
    description: "Set up rituals, feedback and trust for a team that rarely shares a room.",
    skills: [4, 5],
    sections: [
      {
        title: "Rituals",
        lessons: [
          { title: "Writing first", minutes: 10, points: ["Decisions live in writing, not in calls", "Short written updates beat long meetings", "Make documents the source of truth"] },
          { title: "Meetings worth having", minutes: 12, points: ["Every meeting has an owner and an outcome", "Use asynchronous updates for status", "Keep synchronous time for decisions and people"] },
        ],
      },
      {
        title: "People",
        lessons: [
          { title: "Feedback at a distance", minutes: 15, points: ["Give feedback on video, not in chat", "Describe behaviour and impact, then ask", "Follow up in writing"] },
          { title: "One-to-ones", minutes: 11, points: ["The agenda belongs to the report", "Ask about energy, not only tasks", "Keep them even in busy weeks"] },
          { title: "Building trust", minutes: 13, points: ["Trust grows from kept promises", "Share context generously", "Assume good intent in text"] },
        ],
      },
    ],
    assessment: {
      title: "Leading Remote Teams — final check",
      passMark: 60,
      timeLimitMinutes: 25,
      maxAttempts: 3,
      questions: [
        { kind: "single_choice", prompt: "Where should a remote team's decisions live?", options: ["In the call recording", "In writing, in a shared document", "In the manager's memory"], correct: [1], points: 1, skill: 0 },
        { kind: "multiple_choice", prompt: "Which belong in an asynchronous update rather than a meeting?", options: ["Project status", "A difficult performance conversation", "Metrics of the week", "A conflict between two colleagues"], correct: [0, 2], points: 2, skill: 0 },
        { kind: "numeric", prompt: "A team of 6 holds a weekly 1-hour status meeting. How many person-hours a week does it cost?", value: 6, tolerance: 0, points: 1, skill: 0 },
        { kind: "single_choice", prompt: "Which is the best channel for corrective feedback?", options: ["A public chat thread", "A video call followed by a written note", "An emoji reaction"], correct: [1], points: 1, skill: 1 },
        { kind: "single_choice", prompt: "Who owns the agenda of a one-to-one?", options: ["The manager", "The report", "HR"], correct: [1], points: 1, skill: 1 },
        { kind: "free_text", prompt: "Write the feedback you would give a colleague who missed two deadlines, using behaviour and impact.", rubric: "Describes the behaviour factually, states the impact, asks a question, and avoids judging the person.", points: 3, skill: 1 },
      ],
    },
    practice: { title: "Remote leadership practice", tasks: ["Replace one status meeting with a written update", "Ask a report what drains their energy", "Write down one decision made in a call this week"] },
  },
  {
    title: "Customer Discovery",
    description: "Interview customers to learn what they need before building it.",
    skills: [6, 7],
    sections: [
      {
        title: "Interviews",
        lessons: [
          { title: "Questions about the past", minutes: 12, points: ["Ask what people did, not what they would do", "\"Tell me about the last time…\" beats \"Would you…\"", "Specific stories reveal real problems"] },
          { title: "Avoiding leading questions", minutes: 10, points: ["Do not pitch during an interview", "Compliments are not evidence", "Let silences run"] },
        ],
      },
      {
        title: "From notes to decisions",
        lessons: [
          { title: "Finding patterns", minutes: 14, points: ["Tag each note with the problem it shows", "Count how many people share a problem", "Look for workarounds people pay for"] },
          { title: "Prioritising what to build", minutes: 13, points: ["Rank problems by frequency and pain", "Cut scope to what tests the riskiest assumption", "Decide what you will not build"] },
        ],
      },
    ],
    assessment: {
      title: "Customer Discovery — final check",
      passMark: 60,
      timeLimitMinutes: 20,
      maxAttempts: 3,
      questions: [
        { kind: "single_choice", prompt: "Which question yields the most reliable evidence?", options: ["Would you use a tool that does X?", "Tell me about the last time you did X", "Do you like our idea?"], correct: [1], points: 1, skill: 0 },
        { kind: "multiple_choice", prompt: "Which signals show a real problem?", options: ["A paid workaround", "A compliment on the idea", "A spreadsheet built to cope", "\"I would definitely buy it\""], correct: [0, 2], points: 2, skill: 0 },
        { kind: "numeric", prompt: "7 of 20 interviewees mention the same problem. What percentage is that?", value: 35, tolerance: 0, points: 1, skill: 1 },
        { kind: "single_choice", prompt: "Two problems are equally frequent. Which do you tackle first?", options: ["The more painful one", "The easier one to demo", "The one the loudest customer raised"], correct: [0], points: 1, skill: 1 },
        { kind: "free_text", prompt: "Write three interview questions about a problem your team wants to solve.", rubric: "Three open questions about past behaviour, none leading or pitching.", points: 3, skill: 0 },
      ],
    },
    practice: { title: "Discovery practice", tasks: ["Rewrite one \"would you\" question about the past", "Tag the notes of your last customer call", "Rank three customer problems by pain"] },
  },
];

/** The course every organization keeps in draft in the demo: authoring in progress. */
export const DRAFT_COURSE: Pick<CourseTemplate, "title" | "description" | "skills"> = {
  title: "Pricing Strategy (draft)",
  description: "Work in progress: value-based pricing for product teams.",
  skills: [3],
};

/** What learners write in free-text answers, and the feedback trainers leave. */
export const FREE_TEXT_RESPONSES = [
  "I would offer a longer contract in exchange for a lower monthly price, because stability matters more to us than the rate.",
  "I would look at weekly churn, and if it rose above 3% I would pause the launch.",
  "You missed the last two deadlines, which delayed the release for the whole team. What got in the way?",
  "Tell me about the last time you prepared a quarterly report. What took the longest?",
  "We could give flexibility on delivery dates and ask for a faster payment term.",
  "Not sure yet, I need to review the lesson again.",
];
export const TRAINER_FEEDBACK = [
  "Clear and specific: exactly what the rubric asks for.",
  "Good start; say why it is cheap for you and valuable for them.",
  "Make it concrete: which metric, which threshold?",
  "Well structured. Next time ask one open question at the end.",
];

export const GOAL_TITLES = [
  "Lead a negotiation on my own",
  "Present a data-backed proposal",
  "Run my team's weekly update in writing",
  "Interview five customers this quarter",
  "Get promoted to senior",
  "Give feedback every week",
];
export const OBSTACLE_TITLES = ["Not enough time in the week", "No real project to practise on", "Nervous speaking up in meetings", "Unclear what good looks like"];
