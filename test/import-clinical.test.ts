// The clinical facts imr import drafts for the 2016 / ACOEM / ODG rules, on short excerpts of the
// corpus letters' clinical case summaries (the letter named by each): each fact drafted where the
// summary states it about the worker, and not drafted where the sentence denies it, speaks of the
// review, or only says the record lacks it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { draftClinical } from "../src/import/clinical.js";
import { upheldOnNotDocumented } from "../src/import/corpus-view.js";
import { importLetter } from "../src/import/import-letter.js";
import { readLetterText } from "../src/import/letter-text.js";
import { concerns, regionsNamed } from "../src/import/regions.js";
import { draftTherapyHistory } from "../src/import/therapy-history.js";
import { bundledRules, ROOT } from "./support/helpers.js";

function corpusDraft(id: string) {
  const text = readFileSync(join(ROOT, "letters/imr-letters-2016-2017", `${id}.txt`), "utf8");
  const r = importLetter(text, { id, letterPath: `${id}.txt`, drugs: bundledRules().ruleSet.drugs });
  if (!r.ok) throw new Error(`${id}: ${r.code}`);
  return r;
}

function clinical(text: string) {
  const letter = readLetterText(text);
  return draftClinical(letter, { start: 0, end: letter.text.length });
}
function therapy(text: string, service: string) {
  const letter = readLetterText(text);
  return draftTherapyHistory(letter, { start: 0, end: letter.text.length }, service);
}
const findings = (text: string) =>
  clinical(text)
    .exam.map((e) => e.finding)
    .sort();
const fact = (text: string, key: string) => {
  const f = clinical(text).facts[key];
  return f ? { value: f.value, quote: f.quote.quote } : undefined;
};

describe("neurologic findings (findings.exam)", () => {
  it("drafts sensory, motor and reflex findings the examination reports", () => {
    // CM17-0003623
    expect(
      findings("The physical exam reveals positive Tinel's at the elbow and wrist, 4 out of 5 strength and decreased sensation C5 and C6 dermatomes."),
    ).toEqual(["motor_deficit", "sensory_loss"]);
    // CM17-0010006
    expect(
      findings(
        "On physical examination, the patient ambulated with a guarded gait, a 4+/5 left lower extremity and a 5/5 right lower extremity muscle strength, diminished sensation in the L5-S1 dermatome.",
      ),
    ).toEqual(["motor_deficit", "sensory_loss"]);
    // CM17-0004039
    expect(findings("Hawkins impingement maneuver was positive and motor power was 4+ over 5 with abduction and flexion.")).toEqual(["motor_deficit"]); // CM16-0213037
    expect(findings("Upper arm reflexes are decreased in his left triceps, biceps and brachioradialis reflexes compared to the right.")).toEqual([
      "reflex_change",
    ]);
    // CM16-0240900
    expect(
      findings(
        "Examination was revealing for decreased range of motion to the lumbar spine, positive straight leg raises on the left, and decreased sensation to the lateral foot.",
      ),
    ).toEqual(["positive_straight_leg_raise", "sensory_loss"]);
  });
  it("drafts nothing from an examination that is normal or a finding that is denied", () => {
    expect(findings("There was no sensory, motor weakness or reflex asymmetry in either of the lower extremities.")).toEqual([]); // CM17-0010364
    expect(findings("The stimulation was intact to light touch and pinprick in all dermatomes of the bilateral lower extremities.")).toEqual([]); // CM16-0236134
    expect(findings("Deep tendon reflexes, motor strength, and sensation were intact in the bilateral upper extremities.")).toEqual([]); // CM16-0236380
    expect(findings("The injured worker denied numbness and tingling in the arms and denied weakness in the upper extremities.")).toEqual([]); // CM16-0239607
    expect(
      findings(
        "Physical exam of the cervical spine noted moderate tenderness, full range of motion, strength 5 of 5 in the upper extremities, and normal sensation.",
      ),
    ).toEqual([]); // CM17-0010362
    // Symmetric reflexes are not a change (CM17-0010728).
    expect(findings("Objective findings included; deep tendon reflexes 1+ and equal for biceps, triceps and brachioradialis.")).toEqual([]);
  });
  it("drafts numbness and tingling the worker reports, each once, with the side", () => {
    const c = clinical(
      "According to the progress report dated 10-26-2016, the injured worker presented with complaints of neck pain with radiation into her shoulders and hands, associated with tingling and numbness. She also has numbness at night.",
    ); // CM16-0235991
    expect(c.exam.map((e) => e.finding).sort()).toEqual(["numbness", "paresthesia"]);
    expect(c.exam[0]!.date).toBe("2016-10-26");
    expect(clinical("The injured worker reported numbness in the right fourth and fifth fingers.").exam[0]!.side).toBe("right"); // CM16-0246624
  });
  it("ignores what utilization review said about the findings", () => {
    // CM16-0236380: the summary reports the UR denial's reasons.
    expect(
      findings(
        "These requests were previously non-certified on 11/15/2016 due to lack of neurological deficits on examination, decreased sensation not being documented.",
      ),
    ).toEqual([]);
  });
});

describe("electrodiagnostic results (findings.electrodiagnostics)", () => {
  it("drafts a study done and its result, and a study not seen as abnormal as normal", () => {
    // CM17-0003284
    const c = clinical(
      "An electrodiagnostic study dated 11/30/2016 revealed electroneurographic findings indicative of moderate bilateral carpal tunnel syndrome. Electromyographic indicators of acute cervical radiculopathy were not seen.",
    );
    expect(c.electrodiagnostics.map((e) => [e.test, e.result, e.date])).toEqual([
      ["EMG/NCS", "abnormal", "2016-11-30"],
      ["EMG", "normal", undefined],
    ]);
    // The second sentence is no neuropathic pain either.
    expect(c.facts.neuropathic_pain).toBeUndefined();
  });
  it("drafts nothing for a study ordered or requested", () => {
    expect(clinical("Electrodiagnostic testing of the left upper extremity was ordered.").electrodiagnostics).toEqual([]); // CM16-0247287
    expect(clinical("The physician recommended physical therapy and electrodiagnostic testing to rule out radiculopathy.").electrodiagnostics).toEqual([]);
  });
});

describe("documentation flags", () => {
  it("neuropathic pain: radiating or radicular pain; false when the worker denies it", () => {
    expect(
      fact(
        "In a progress note dated November 04, 2016 the treating physician reports complaints of pain to the back that radiates to the left leg with tingling.",
        "neuropathic_pain",
      )?.value,
    ).toBe(true); // CM16-0240900
    expect(
      fact("The injured worker reported pain is from the neck into the lower lumbar area and denied radiation into the arms and legs.", "neuropathic_pain")
        ?.value,
    ).toBe(false); // CM17-0020237
    expect(fact("There is no radiation of pain.", "neuropathic_pain")?.value).toBe(false); // CM17-0008551
    expect(
      fact(
        "A review of the medical records indicates numbness and weakness bilateral upper extremities rule out carpal tunnel syndrome rule out cervical radiculopathy.",
        "neuropathic_pain",
      ),
    ).toBeUndefined(); // CM16-0248034
  });
  it("red flags: a spinal fracture found or suspected; not a fracture ruled out", () => {
    expect(fact("The treatment plan includes a MRI to rule out compression fracture at T10, and reduce the Hydrocodone.", "red_flags")?.value).toBe(true); // CM17-0007376
    expect(fact("Computed tomography of the lumbar spine revealed a compression fracture of T12.", "red_flags")?.value).toBe(true); // CM17-0009996
    expect(
      fact("It is documented the injured worker had x-rays done on 10-14-2016 of the lumbar spine showed no fractures, or subluxations.", "red_flags"),
    ).toBeUndefined(); // CM16-0236969
    expect(fact("No compression fractures.", "red_flags")).toBeUndefined(); // CM16-0235991
    expect(fact("The medical records do not reveal any red flags noted by the treating physician.", "red_flags")).toBeUndefined(); // CM17-0003623
  });
  it("conservative care failed: true when it did not help, false when the record says it helped", () => {
    expect(
      fact(
        "The treatment and diagnostic testing to date has included: at least 5 sessions of physical therapy which did not help, medications and evaluations.",
        "conservative_care_failed",
      )?.value,
    ).toBe(true); // CM17-0020237
    expect(
      fact(
        'The progress report dated 11-28-2016 indicates that the injured worker reported "minimal improvement" despite physical therapy.',
        "conservative_care_failed",
      )?.value,
    ).toBe(true); // CM17-0003890
    expect(
      fact(
        "The progress note from 12/02/2016 notes patient complained of increased weakness and/or numbness but stated that 6 chiropractic therapy visits have helped.",
        "conservative_care_failed",
      )?.value,
    ).toBe(false); // CM17-0003619
    // UR's reasons are not the record's: nothing drafted (CM17-0003284).
    expect(
      fact(
        "The request for the MRI was previously denied due to the objective outcome of conservative intervention including medication management and chiropractic treatment were not specified.",
        "conservative_care_failed",
      ),
    ).toBeUndefined();
    expect(
      fact(
        "The treatment plan included continuation of conservative treatment, continuation of medication, and to follow-up for re- evaluation.",
        "conservative_care_failed",
      ),
    ).toBeUndefined(); // CM17-0010006
  });
  it("a sentence that says both (not improved; therapy helped) drafts neither", () => {
    // CM16-0238676
    expect(
      fact(
        "The patient has not improved much; however, the physician did indicate physical therapy has helped and medications do relieve pain temporarily.",
        "conservative_care_failed",
      ),
    ).toBeUndefined();
    // Relief after taking a medication is the analgesic's effect, not conservative care that helped (CM17-0011992).
    expect(
      fact(
        "The injured worker had been taking Norco and reported improvement in pain level from 3-7 out of 10 down to 0 out of 10 after taking medications.",
        "conservative_care_failed",
      ),
    ).toBeUndefined();
  });
  it("conservative care stated both ways is left undrafted and reported", () => {
    const c = clinical("Physical therapy did not help. Chiropractic treatments have helped.");
    expect(c.facts.conservative_care_failed).toBeUndefined();
    expect(c.conflicts[0]).toMatch(/^conservative_care_failed/);
  });
  it("surgery considered: planned or recommended; not a past operation or a referral alone", () => {
    expect(fact("The treatment plan included a right shoulder arthroscopy with SLAP repair.", "surgery_considered")?.value).toBe(true); // CM17-0014449
    expect(
      fact(
        "The provider notes the injured worker has right shoulder pain, impingement syndrome with posterior labral tear; failing treatment and will likely need surgery if not better.",
        "surgery_considered",
      )?.value,
    ).toBe(true); // CM17-0011517
    expect(
      fact("Past treatment included medications, diagnostics, lumbar spine surgery x2 in 2011, and anterior cervical fusion in 2014.", "surgery_considered"),
    ).toBeUndefined(); // CM17-0011703
    expect(
      fact(
        "The treatment plan consisted of CT scan of the cervical spine and thoracic spine, and TOC to orthopedic spinal surgeon for evaluation and treatment.",
        "surgery_considered",
      ),
    ).toBeUndefined(); // CM16-0236380
    expect(fact("He is not a surgical candidate at this time.", "surgery_considered")?.value).toBe(false);
  });
  it("the reason for a visit or referral, and not a bare 'for evaluation and treatment'", () => {
    // CM17-0012640
    expect(
      fact(
        "The treating physician requested an MRI of the left shoulder, and a consultation with a hip replacement specialist to evaluation for a total hip arthroplasty.",
        "visit_reason_documented",
      )?.value,
    ).toBe(true);
    expect(fact("A neurology consultation to evaluate possible brachial plexopathy was ordered.", "visit_reason_documented")?.value).toBe(true); // CM17-0011543
    expect(
      fact(
        "The treatment plan consisted of CT scan of the cervical spine, and TOC to orthopedic spinal surgeon for evaluation and treatment.",
        "visit_reason_documented",
      ),
    ).toBeUndefined(); // CM16-0236380
    expect(fact("The treatment plan included imaging, functional capacity evaluation, acupuncture, and referral.", "visit_reason_documented")).toBeUndefined(); // CM17-0009441
  });
  it("rehabilitation under way, medication not tolerated, osteoarthritis", () => {
    expect(fact("The patient reportedly began prescribed physical therapy.", "physical_rehabilitation_ongoing")?.value).toBe(true); // CM16-0231745
    expect(fact("The applicant was pending physical therapy.", "physical_rehabilitation_ongoing")).toBeUndefined(); // CM17-0017776
    expect(fact("She is currently attending physical therapy twice a week.", "physical_rehabilitation_ongoing")?.value).toBe(true);
    expect(
      fact("Physical therapy appointments were scheduled but the injured worker did not go to the appointment.", "physical_rehabilitation_ongoing"),
    ).toBeUndefined(); // CM16-0224814
    expect(fact("She reported GI upset with oral NSAIDs.", "oral_medication_intolerance")?.value).toBe(true);
    expect(fact("She reported GI upset with oral NSAIDs.", "pain_medication_reduced_or_not_tolerated")).toBeUndefined();
    expect(fact("He was unable to tolerate the tramadol medication.", "pain_medication_reduced_or_not_tolerated")?.value).toBe(true);
    expect(fact("Diagnoses included osteoarthritis of the right knee.", "osteoarthritis")?.value).toBe(true);
    expect(fact("X-rays showed no osteoarthritis.", "osteoarthritis")).toBeUndefined();
  });
});

describe("therapy history (prior_sessions, improvement, condition group)", () => {
  it("counts the visits of the same therapy already had, not those ordered", () => {
    // CM16-0236134
    const text =
      "The injured worker previously received the following treatments 6 sessions of physical therapy for the thoracic and lumbar spine, Cyclobenzaprine, Tramadol, Ketoprofen and 4 sessions of chiropractic services.";
    expect(therapy(text, "physical_therapy").priorSessions?.value).toBe(6);
    expect(therapy(text, "manual_therapy").priorSessions?.value).toBe(4);
    expect(therapy(text, "acupuncture").priorSessions).toBeUndefined();
    expect(therapy("He has completed 5 of 6 chiropractic sessions.", "manual_therapy").priorSessions?.value).toBe(5); // CM16-0236969
    expect(therapy("The injured worker had attended 1 out of 12 physical therapy sessions for right knee.", "physical_therapy").priorSessions?.value).toBe(1); // CM17-0011992
    expect(therapy("On a December 1, 2016 RFA form, 8 sessions of physical therapy were ordered.", "physical_therapy").priorSessions).toBeUndefined(); // CM16-0247287
    expect(
      therapy(
        "The provider administered a right shoulder subacromial injection one month ago and is taking NSAIDS; gone to physical therapy 4 visits.",
        "physical_therapy",
      ).priorSessions?.value,
    ).toBe(4); // CM17-0011517
    // Visits for another body part are not this complaint's (CM17-0002857: the request is for the spine).
    const shoulder = "Objective documentation reported the patient having completed 6 of 6 visits physical therapy treating left shoulder.";
    expect(therapy(shoulder, "physical_therapy").priorSessions?.value).toBe(6);
    const spine = readLetterText(shoulder);
    expect(draftTherapyHistory(spine, { start: 0, end: spine.text.length }, "physical_therapy", "lumbar_spine").priorSessions).toBeUndefined();
  });
  it("none before: 'no prior chiropractic therapy', not the summary writer's 'no previous ... noted'", () => {
    expect(therapy("Treatment to date has included no prior chiropractic therapy and medication management.", "manual_therapy").noneBefore?.quote).toMatch(
      /no prior chiropractic/,
    ); // CM16-0231706
    expect(therapy("There is no previous physical therapy sessions noted.", "physical_therapy").noneBefore).toBeUndefined(); // CM17-0016666
  });
  it("an 'at least' count is a lower bound: earlier visits, no count", () => {
    const h = therapy("Treatment has included at least 6 sessions of physical therapy.", "physical_therapy"); // CM17-0002198
    expect(h.priorSessions).toBeUndefined();
    expect(h.hadBefore?.quote).toMatch(/at least 6 sessions/);
  });
  it("no improvement from the visits is drafted false; a claim that they helped is a general claim", () => {
    expect(
      therapy("Six sessions of physical therapy had not proven particularly beneficial, the attending provider noted.", "physical_therapy").priorImprovement
        ?.value,
    ).toBe(false); // CM17-0011543
    const claim = therapy("Treatment included six sessions of physical therapy with significant benefit, anti- inflammatory medication.", "physical_therapy"); // CM17-0020728
    expect(claim.priorImprovement).toBeUndefined();
    expect(claim.improvementClaim?.value).toMatch(/significant benefit/);
    // CM16-0238676: both in one sentence: a claim, not a documented "no improvement".
    const both = therapy(
      "The patient has not improved much; however, the physician did indicate physical therapy has helped and medications do relieve pain temporarily.",
      "physical_therapy",
    );
    expect(both.priorImprovement).toBeUndefined();
    expect(both.improvementClaim?.value).toMatch(/physical therapy has helped/);
    // CM17-0015348: a claim in the simple past, "helpful".
    const knee = therapy(
      "The physical therapy helped with flexibility. The injured worker reported that physical therapy was significantly helpful with pain and intermittent buckling sensation.",
      "physical_therapy",
    );
    expect(knee.improvementClaim?.value).toMatch(/helped with flexibility/);
    expect(therapy("The physician recommended physical therapy to help with flexibility.", "physical_therapy").improvementClaim).toBeUndefined();
    // The summary writer's "without documentation of functional improvement" is not a fact of the record (CM16-0247660).
    const nd = therapy(
      "Treatment to date has included 6 chiropractic treatments (without documentation of functional objective improvement) and activity modifications.",
      "manual_therapy",
    );
    expect(nd.priorImprovement).toBeUndefined();
    expect(nd.priorSessions?.value).toBe(6);
  });
  it("the Physical medicine diagnosis group: one named group, 'other' when none is, nothing when unsure", () => {
    expect(therapy("The injured worker is undergoing treatment for myalgia and myositis of the lumbar spine.", "physical_therapy").conditionGroup?.value).toBe(
      "myalgia_myositis",
    );
    expect(
      therapy("The injured worker is undergoing treatment for strain of muscle, fascia and tendon of the lower back.", "physical_therapy").conditionGroup
        ?.value,
    ).toBe("other"); // CM16-0236134
    expect(therapy("The injured worker is being treated for lumbar radiculopathy and lumbar strain.", "physical_therapy").conditionGroup).toBeUndefined();
    expect(therapy("Diagnoses include osteoarthritis of the knee and myositis.", "physical_therapy").conditionGroup).toBeUndefined();
    expect(therapy("The injured worker is undergoing treatment for strain of the lower back.", "manual_therapy").conditionGroup).toBeUndefined();
  });
});

describe("a case-level red flag or operation must concern the body part studied", () => {
  it("names the regions of a phrase", () => {
    expect([...regionsNamed("MRI to rule out compression fracture at T10")]).toEqual(["thoracic_spine"]);
    expect([...regionsNamed("and vertebral unspecified type fracture nondisplaced.")].sort()).toEqual(["cervical_spine", "lumbar_spine", "thoracic_spine"]);
    expect(concerns(new Set(["cervical_spine"]), "upper_extremity")).toBe(true);
    expect(concerns(new Set(["cervical_spine"]), "knee")).toBe(false);
  });
  it("a vertebral fracture is not drafted as a red flag for a knee MRI (CM17-0019120), a T10 fracture suspected is for a thoracic MRI (CM17-0007376)", () => {
    const knee = corpusDraft("CM17-0019120");
    expect((knee.case.documentation as Record<string, unknown> | undefined)?.red_flags).toBeUndefined();
    expect(knee.warnings.some((w) => /^red_flags: .*vertebral.*not the knee studied; not drafted/.test(w))).toBe(true);
    const thoracic = corpusDraft("CM17-0007376");
    expect((thoracic.case.documentation as Record<string, { value: unknown; evidence: string }>).red_flags).toMatchObject({
      value: true,
      evidence: expect.stringMatching(/rule out compression fracture at T10/),
    });
  });
});

describe("the corpus view counts a computed Upheld that rests only on criteria not documented", () => {
  const item = (computed: string, statuses: string[]) =>
    ({ computed, criteria: statuses.map((status, i) => ({ id: `C${i}`, status, deciding: true })) }) as unknown as Parameters<typeof upheldOnNotDocumented>[0];
  it("only not documented (or not applicable) deciding criteria: counted", () => {
    expect(upheldOnNotDocumented(item("Upheld", ["not_documented", "not_applicable"]))).toBe(true);
  });
  it("a documented failure among them, an Overturned, or nothing not documented: not counted", () => {
    expect(upheldOnNotDocumented(item("Upheld", ["not_documented", "not_met"]))).toBe(false);
    expect(upheldOnNotDocumented(item("Overturned", ["not_documented"]))).toBe(false);
    expect(upheldOnNotDocumented(item("Upheld", ["not_applicable"]))).toBe(false);
  });
});
