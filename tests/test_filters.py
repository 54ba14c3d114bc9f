"""The shared context filters, each on its own: negation, hedges, attribution, questions, subject.

Sentences here are our own, not the shared acceptance cases.
"""
from __future__ import annotations

import pytest
from conftest import counted

from copylint.api import lint_text


def cats(text: str, ext: str = "txt") -> set[str]:
    """Claim categories reported (document-level disclosures are tested elsewhere)."""
    return counted(lint_text(text, filename=f"t.{ext}")) - {"missing-disclaimer"}


def rules_of(text: str) -> dict[str, str]:
    return {f.rule: f.severity for f in lint_text(text, filename="t.txt") if f.category != "missing-disclaimer"}


class TestNegation:
    def test_the_standard_disclaimer_negates_its_whole_list_of_verbs(self):
        text = "This serum is not intended to diagnose, treat, cure, or prevent any disease."
        assert cats(text) == set()
        assert "disease-claim" in cats("This serum will diagnose, treat, cure, or prevent any disease.")

    @pytest.mark.parametrize("text", [
        "Our PRF hair protocol has not been cleared by the FDA.",
        "None of the stem cell products we use is FDA-approved.",
        "Polynucleotide injections aren't FDA approved.",
        "The FDA has yet to approve any exosome serum.",
        "Exosome serums lack FDA approval.",
        "Stem cell facials are never risk-free.",
        "It's false to say our exosome facial has no side effects.",
    ])
    def test_negated_claims_pass(self, text):
        assert cats(text) == set()

    @pytest.mark.parametrize("text", [
        # the negation is in another clause: the claim stands
        "We don't charge for parking, and our exosomes are FDA-approved.",
        "Unlike others, we never cut corners: our stem cell therapy is FDA cleared.",
        # pseudo-negation
        "Our exosomes are not only FDA-approved but also vegan.",
    ])
    def test_negation_in_another_clause_or_pseudo_does_not_cancel(self, text):
        assert "regulatory-status" in cats(text)

    def test_claim_that_is_itself_negative_survives_a_neighbouring_no(self):
        assert "safety-claim" in cats("No needles, no side effects, no stress.")

    def test_an_earlier_nothing_in_a_list_does_not_negate_a_nothing_claim(self):
        assert "safety-claim" in cats("It is your own plasma: nothing artificial and nothing to worry about.")

    def test_verbal_negation_cancels_a_negative_claim(self):
        assert "safety-claim" not in cats("We would never tell you there are no side effects.")

    def test_negative_words_inside_a_frame_slot_are_the_claim_not_its_negation(self):
        # "don't happen" fills the frame's slot: the sentence denies a harm, it is not negated
        assert rules_of("Thanks to single-use needles, infections simply don't happen.").get(
            "safety.harm-denied") == "error"
        # a negation in the words between two slots still drops the frame claim
        assert "efficacy-claim" not in cats("After the course, thinning patches are not fully restored.")
        assert "safety.harm-denied" not in rules_of("It would be wrong to say infections never happen.")


class TestHedgesAndAttribution:
    def test_hedge_downgrades_disease_claim_to_warning(self):
        found = rules_of("Our PRP protocol may help reverse alopecia areata.")
        assert found.get("disease.treats-condition") == "warning"

    def test_it_is_thought_that_hedges_the_claim_it_introduces(self):
        assert rules_of("It is widely thought that growth factors wake sleeping follicles.").get(
            "efficacy.outcome-claim") == "info"
        assert rules_of("Growth factors wake sleeping follicles.").get("efficacy.outcome-claim") == "warning"

    def test_hedged_outcome_timeline_is_dropped(self):
        assert "efficacy.results-timeline" not in rules_of("PRP might thicken hair within six weeks for some people.")

    def test_unhedged_outcome_timeline_is_reported(self):
        assert rules_of("PRP thickens hair within six weeks.").get("efficacy.results-timeline") == "error"

    def test_hedge_after_the_claim_counts_only_as_an_adverbial(self):
        assert "efficacy-claim" in cats("Our exosomes stop hair loss and can help thickness.")
        hedged = [f for f in lint_text("Our exosomes stop hair loss in some patients.", filename="t.txt")
                  if f.category == "efficacy-claim"]
        assert hedged and all(f.severity == "info" for f in hedged)

    @pytest.mark.parametrize("text", [
        "Critics say clinics market stem cells as 100% safe.",
        "Some clinics claim that exosomes cure alopecia.",
        "According to the FDA, the only approved stem cell products are cord-blood cells.",
        "Exosomes are touted as a permanent solution to hair loss.",
        "Dermatologists warn that there is no guarantee of results.",
    ])
    def test_attributed_claims_pass(self, text):
        assert cats(text) == set()

    def test_uncertainty_in_the_sentence_cancels_an_efficacy_claim(self):
        assert cats("Whether exosomes regrow hair remains unclear.") == set()


class TestQuestions:
    @pytest.mark.parametrize("text,ext", [
        ("Are stem cell injections FDA-approved?", "txt"),
        ("# Is PRP 100% safe?\n\nNo. Every injection carries some risk.\n", "md"),
        ("<h2>Does exosome therapy cure alopecia?</h2>", "html"),
    ])
    def test_questions_are_not_claims(self, text, ext):
        assert cats(text, ext) == set()

    def test_answer_after_a_question_is_judged(self):
        assert "safety-claim" in cats("Is PRP safe? Yes, it is completely safe.")

    def test_an_embedded_question_governs_the_claim_near_it(self):
        assert cats("Patients often ask whether our exosome serum is FDA-approved.") == set()

    def test_an_embedded_question_reaches_over_brackets_and_lists(self):
        text = "The panel examined whether the adverts (both of them) claiming our PRP cures alopecia were fair."
        assert "disease-claim" not in cats(text)

    def test_an_embedded_question_far_back_in_a_long_sentence_does_not(self):
        text = ("Below we look at the difference between PRP and PRF in terms of price, comfort, preparation "
                "time and recovery, and then show why our PRF facial is the superior option for tired skin.")
        assert "comparative-claim" in cats(text)


class TestSubject:
    @pytest.mark.parametrize("text", [
        "Baricitinib is FDA-approved for severe alopecia areata.",
        "Propecia, an FDA-approved pill, treats male pattern baldness.",
        "Our laser cap is FDA-cleared to promote hair growth.",
        "Ask about FDA-approved alternatives such as minoxidil.",
        "Hair transplants offer a permanent solution, but need surgery.",
    ])
    def test_true_statements_about_other_products_pass(self, text):
        assert cats(text) == set()

    def test_a_device_paired_with_a_therapy_makes_the_claim_about_the_therapy(self):
        assert "efficacy-claim" in cats("Microneedling plus exosomes regrows hair on thinning temples.")
        assert "efficacy-claim" not in cats("Microneedling regrows hair on thinning temples.")

    def test_a_generic_noun_after_the_claim_is_the_predicate_of_the_clause_subject(self):
        # dermal fillers are approved (PMA) devices: the sentence is true
        assert cats("Hyaluronic acid fillers are FDA-approved devices for adding volume to the cheeks.") == set()
        assert "regulatory-status" in cats("Our laser caps are FDA-approved devices.")
        # the therapy named inside a relative clause is not the subject
        assert cats("The kit that prepares your PRF is an FDA-cleared device; PRF on the scalp is off-label.") == set()
        # a "where" clause has a subject of its own: the fillers are still what the devices are
        assert cats("Visit the spa where hyaluronic acid fillers are FDA-approved devices.") == set()

    def test_an_approved_molecule_from_a_compounding_pharmacy_is_a_therapy(self):
        assert "regulatory-status" in cats("Tirzepatide from our partner pharmacy is FDA-approved.")
        assert cats("Tirzepatide is FDA-approved; compounded versions are not.") == set()

    def test_a_claim_whose_verb_is_the_clearance_names_the_indication(self):
        assert "disease-claim" not in cats("Home laser caps are only cleared for pattern hair loss in some adults.")
        # a clinic calling its own therapy "indicated for" a condition still claims the indication
        assert "disease-claim" in cats("Our PRP is indicated for female pattern hair loss.")

    def test_an_approval_with_its_bounds_is_a_correct_status(self):
        assert cats("Chelation is approved for lead poisoning, not for heart disease.") == set()
        assert "regulatory-status" in cats("Chelation is approved and safe.")

    def test_long_bounds_and_off_label_status_are_correct_statements(self):
        assert cats("Testosterone gel is FDA-approved for men whose bodies make too little of it because of a "
                    "diagnosed disorder, not for ordinary ageing.") == set()
        assert cats("Esketamine is FDA-approved as a nasal spray; giving ketamine drips for anxiety is off-label.") == set()
        assert "disease-claim" in cats("Our ketamine drips treat anxiety.")

    def test_a_molecule_measured_against_its_own_brand_is_the_compounded_product(self):
        assert "comparative-claim" in cats("Our semaglutide works just as well as Wegovy.")
        assert cats("Wegovy and Ozempic both contain semaglutide.") == set()

    def test_what_a_claim_does_without_is_not_its_subject(self):
        # "without surgery" names what the claim spares, not what makes the claim
        assert "efficacy-claim" in cats("Our exosome clinic: patients regain a full hairline without surgery.")
        assert "efficacy-claim" not in cats("Patients regain a full hairline with a hair transplant.")

    def test_nearest_subject_wins(self):
        assert "regulatory-status" in cats("Minoxidil is fine, but our exosomes are FDA approved too.")

    def test_a_device_cleared_for_a_condition_beyond_device_uses_is_a_status_claim(self):
        assert "regulatory-status" in cats("Our hyperbaric chambers are FDA-cleared for autism.")
        assert cats("Our hyperbaric chambers are FDA-cleared for carbon monoxide poisoning.") == set()

    def test_a_device_said_to_rebuild_tissue_goes_beyond_its_cleared_use(self):
        assert "efficacy-claim" in cats("Our red light panel rebuilds torn cartilage.")
        assert "efficacy-claim" not in cats("Our red light panel speeds the healing of wounds.")

    def test_device_called_approved_is_its_own_warning(self):
        assert rules_of("Our red light therapy helmets are FDA approved.").get("regulatory.device-approved") == "warning"

    def test_generic_reference_stands_for_the_page_therapy(self):
        text = "We now offer exosome facials.\n\nOur treatment is FDA approved."
        assert "regulatory-status" in cats(text)

    def test_a_device_cleared_for_hair_loss_may_say_so(self):
        assert "disease-claim" not in cats("Our laser cap treats androgenetic alopecia in men.")

    def test_a_device_said_to_treat_a_disease_beyond_its_cleared_uses_is_a_disease_claim(self):
        assert "disease-claim" in cats("Our hyperbaric chamber helps children with autism.")

    def test_unnamed_subject_is_downgraded(self):
        found = rules_of("Everything we sell is FDA approved.")
        assert found.get("regulatory.fda-approved") == "warning"


class TestPageProduct:
    """A page that names no regulated therapy but presents an approved product or a cleared device:
    its subjectless claims are about that product."""

    DEVICE_PAGE = "# Skin tightening with Sofwave\n\nWhat a course can do:\n\n- tighten slack skin along the jaw\n"

    def test_cosmetic_bullet_on_a_device_page_is_its_cleared_use(self):
        assert "efficacy-claim" not in cats(self.DEVICE_PAGE, "md")

    def test_the_same_bullet_on_a_regulated_therapy_page_is_a_claim(self):
        assert "efficacy-claim" in cats(self.DEVICE_PAGE.replace("Sofwave", "exosome serum"), "md")

    def test_the_same_bullet_on_a_page_naming_no_product_is_a_claim(self):
        assert "efficacy-claim" in cats(self.DEVICE_PAGE.replace("with Sofwave", "at our clinic"), "md")

    def test_a_generic_word_names_no_product(self):
        page = "# Results that last\n\nOur system is simple.\n\n- tighten slack skin along the jaw\n"
        assert "efficacy-claim" in cats(page, "md")

    def test_a_device_claim_on_health_goes_beyond_its_cleared_use(self):
        page = "# Sessions in our hyperbaric chamber\n\n- boosts your immune system\n"
        assert "efficacy-claim" in cats(page, "md")

    def test_an_approved_product_page_passes_its_results(self):
        page = "# Dysport for frown lines\n\nWhat to expect:\n\n- smooths deep frown lines\n"
        assert "efficacy-claim" not in cats(page, "md")

    def test_safety_absolutes_still_count_on_a_device_page(self):
        page = "# Skin tightening with Sofwave\n\n- 100% safe, with no side effects at all\n"
        assert "safety-claim" in cats(page, "md")


class TestIndication:
    def test_a_condition_named_as_an_approved_use_is_not_a_treatment_claim(self):
        found = cats("Our hyperbaric chamber is FDA-cleared for treating carbon monoxide poisoning.")
        assert "disease-claim" not in found

    def test_a_false_approval_is_still_reported_as_such(self):
        found = cats("Our exosome drip is FDA-approved for treating long COVID.")
        assert "regulatory-status" in found and "disease-claim" not in found

    def test_an_approval_naming_its_agency_and_product_is_an_indication_too(self):
        text = "Our chambers were cleared by the FDA as class II devices to treat decompression sickness."
        assert "disease-claim" not in cats(text)

    def test_how_others_marketed_it_is_attributed(self):
        text = "Sellers marketed the drips to suggest that they were safer than prescription drugs."
        assert "comparative-claim" not in cats(text)

    def test_the_same_condition_claimed_outright_is_a_treatment_claim(self):
        assert "disease-claim" in cats("Our hyperbaric sessions treat long COVID.")

    def test_warnings_about_what_sellers_call_their_products_are_attributed(self):
        assert cats("Be wary of online vendors who label their serums FDA approved.") == set()
        assert cats("At the expo, presenters promised zero downtime and no side effects.") == set()
        assert "regulatory-status" in cats("Our vendors supply FDA approved exosome serums.")

    def test_evidence_judged_weak_does_not_assert_the_claim(self):
        assert "efficacy-claim" not in cats("The evidence that ozone drips boost immunity is still thin.")
        assert "efficacy-claim" in cats("The evidence that our ozone drips boost immunity is overwhelming.")

    def test_others_in_one_clause_do_not_speak_for_the_clinics_own_clause(self):
        # "while other clinics ..., our ...": the claim after the comma is the clinic's own
        assert "disease-claim" in cats("While other clinics only mask the pain, our stem cells cure lupus.")
        assert "disease-claim" not in cats("Other clinics claim their stem cells cure lupus.")
        assert "disease-claim" not in cats("Other clinics say, with no evidence, that stem cells cure lupus.")


class TestCitedAuthors:
    def test_authors_cited_by_name_report_their_own_findings(self):
        text = "In a 2018 paper, Moreau et al. observed that the peptide can restore lean muscle mass."
        assert "efficacy-claim" not in cats(text)

    def test_the_clinic_saying_it_is_still_a_claim(self):
        assert "efficacy-claim" in cats("Our peptide protocol will restore lean muscle mass.")


class TestLexicalTraps:
    @pytest.mark.parametrize("text", [
        "Book a risk-free consultation today.",
        "Our manicure bar is open on Sundays.",
        "Treat yourself to a scalp massage.",
        "All purchases include a satisfaction guarantee.",
        "Dr. Lee has a proven track record in hair transplant surgery.",
        "Ask about permanent makeup for brows.",
        "Your card details are safe with us.",
    ])
    def test_commercial_and_everyday_words_pass(self, text):
        assert cats(text) == set()


class TestScopeDetails:
    def test_negation_reaches_over_a_short_list(self):
        assert cats("PRP does not prevent, slow or reverse alopecia areata.") == set()

    def test_a_new_clause_with_its_own_subject_is_not_a_list_item(self):
        assert "safety-claim" in cats("PRF is not approved yet, it is widely regarded as a safe choice though.")

    def test_first_term_of_the_clause_is_the_subject(self):
        assert cats("The kits used to prepare PRP are FDA-cleared.") == set()

    def test_that_clause_has_its_own_subject(self):
        assert "efficacy-claim" in cats("Trials prove that our exosomes regrow hair.")

    def test_only_x_that_are_approved_lists_the_exception(self):
        assert cats("The only stem cell products that are FDA-approved are cord-blood cells for blood disorders.") == set()

    def test_prefilter_trigger_inside_a_longer_trigger(self):
        # 'treat' (disease rule trigger) inside 'treatment' (another rule's trigger)
        assert "disease-claim" in cats("Polynucleotides are an effective treatment for alopecia areata.")


class TestDisclosureContext:
    def kinds(self, text: str) -> set[str]:
        return {f.disclaimer for f in lint_text(text, filename="page.txt") if f.category == "missing-disclaimer"}

    def test_promotional_page_needs_all_three(self):
        assert self.kinds("Book your PRF scalp session now.") == {"regulatory-status", "results-vary", "medical-advice"}

    def test_page_with_claims_needs_them_even_without_booking_words(self):
        assert self.kinds("Stem cell therapy regrows hair.") == {"regulatory-status", "results-vary", "medical-advice"}

    def test_neutral_research_summary_does_not(self):
        assert self.kinds("Researchers are studying polynucleotides in small trials.") == set()

    def test_a_research_paper_is_a_reported_page(self):
        paper = ("# Microneedling with exosomes for acne scars\n\nAbstract\n\nWe enrolled 30 adults in a "
                 "randomised, double-blind trial of exosome serum. No serious adverse events were recorded.\n")
        assert self.kinds(paper) == set()
        assert cats(paper, "md") == set()  # what the trial recorded is the study's finding, not a claim

    def test_a_clinic_blog_that_cites_a_review_is_still_a_clinic_page(self):
        blog = ("A systematic review published in a dermatology journal looked at platelet injections. "
                "A double-blind, placebo-controlled trial followed. Our exosome scalp treatment regrows hair.")
        assert self.kinds(blog) == {"regulatory-status", "results-vary", "medical-advice"}

    def test_a_clinic_page_that_cites_a_trial_still_sells(self):
        page = ("A randomised, placebo-controlled trial looked at exosome serum for acne scars. "
                "Book your exosome facial today and call us for prices.")
        assert self.kinds(page) == {"regulatory-status", "results-vary", "medical-advice"}

    def test_page_that_does_not_offer_the_therapy_does_not(self):
        assert self.kinds("We do not offer exosome treatments. Book a consultation about minoxidil.") == set()

    def test_a_refusal_to_offer_is_no_promotion(self):
        explainer = "This guide explains what stem cell clinics sell. We do not offer any of these treatments."
        assert self.kinds(explainer) == set()
        # the same page that also books the therapy still promotes it
        assert self.kinds(explainer + " Book a stem cell consultation today.") == {
            "regulatory-status", "results-vary", "medical-advice"}

    def test_clinic_wording_counts_when_configured(self):
        from copylint.config import Config

        text = "Book your PRF scalp session now. PRF is experimental. Outcomes differ. See our legal page LX-9."
        config = Config(disclaimers=(("medical-advice", ("See our legal page LX-9",)),))
        kinds = {f.disclaimer for f in lint_text(text, filename="p.txt", config=config) if f.category == "missing-disclaimer"}
        assert kinds == set()

    def test_supplement_disclaimer_is_not_a_status_statement(self):
        text = ("Book exosome facials today. These statements have not been evaluated by the Food and Drug "
                "Administration. Results vary. Ask your doctor.")
        assert self.kinds(text) == {"regulatory-status"}


def test_unpunctuated_question_heading_is_not_a_claim():
    assert cats("Can PRF be FDA approved for thinning hair\n\nWe explain the rules below.") == set()


def test_a_new_subject_after_and_ends_the_negation():
    assert "regulatory-status" in cats("We never rush anyone and our stem cell serum is FDA approved.")


class TestRegistryFilters:
    """The filters added with the claim frames: each drops or keeps what a reviewer would."""

    @pytest.mark.parametrize("text", [
        # requirements and conditions are not claims
        "Every exosome product must be FDA-approved before a clinic may sell it.",
        "Clinics are required to use only FDA-approved stem cell products.",
        # embedded questions and topics
        "Patients often ask whether our PRP is FDA-approved.",
        "This page explains the difference between FDA clearance and approval of stem cell kits.",
        # a mechanism inside an explanation, not the sentence's own assertion
        "The serum is applied after microneedling to activate resting follicles.",
        "It contains signalling proteins that activate resting follicles.",
        # negation between a frame's slots
        "With exosomes, thinning patches are not restored.",
        # hedge governing a participle clause after a comma
        "Growth factors are believed to reach the scalp, restoring thinning patches.",
    ])
    def test_not_claims(self, text):
        assert cats(text) == set(), text

    @pytest.mark.parametrize(("text", "category"), [
        ("Our exosome serum restores thinning patches.", "efficacy-claim"),
        ("You will notice new growth within four to six weeks.", "efficacy-claim"),
        ("Our booster is an upgraded version of PRP.", "comparative-claim"),
        ("The facial is gentle, vegan and safe.", "safety-claim"),
    ])
    def test_claims(self, text, category):
        assert category in cats(text)

    def test_hypothesis_downgrades(self):
        found = [f for f in lint_text("In theory, our exosome serum restores thinning patches.", filename="t.txt")
                 if f.category == "efficacy-claim"]
        assert found and all(f.severity == "info" for f in found)

    def test_a_quoted_claim_on_a_reported_page_is_attributed(self):
        news = ("CITYVILLE: Regulators have issued infringement notices to a clinic over its ads.\n\n"
                'One advert said "our exosomes restore thinning patches in six weeks", a spokesperson told reporters.\n')
        assert cats(news) == set()

    def test_the_same_quote_on_a_clinic_page_is_the_clinic_s_own(self):
        page = ('Book your consultation today at our clinic.\n\n'
                'Our motto: "our exosomes restore thinning patches in six weeks".\n')
        assert "efficacy-claim" in cats(page)

    def test_reported_pages_are_not_asked_for_disclosures(self):
        news = ("CITYVILLE: The regulator has issued infringement notices to three clinics offering exosome "
                "injections. Investigators found the products unauthorised, a spokesperson told reporters.\n")
        assert not [f for f in lint_text(news, filename="n.txt") if f.category == "missing-disclaimer"]


class TestReportingAndMentions:
    @pytest.mark.parametrize("text", [
        'Clinics that print "FDA-approved" labels on exosome vials face warning letters.',
        'Be wary of the phrase "clinically proven" on a stem cell serum.',
        "The agency has not determined that these peptide injections are safe and effective in treating arthritis.",
        "Microneedling with PRP can be safe when done properly by a trained nurse.",
        "In general, exosome facials are considered very safe.",
        "Backers of the therapy say it can cure arthritis.",
        "A 2022 trial of 30 volunteers found that the serum restores thinning patches.",
        '"Our PRP cures alopecia," the clinic owner told reporters.',
    ])
    def test_not_the_page_s_claim(self, text):
        assert cats(text) == set(), text

    def test_what_others_say_a_treatment_does_is_theirs(self):
        assert cats("Spas now sell vitamin drips that they say cure migraines.") == set()
        assert "disease-claim" in cats("We sell vitamin drips that cure migraines.")

    def test_a_warning_letter_quotes_the_claims_it_objects_to(self):
        letter = ("# Warning letter\n\nDear Dr. Roe:\n\nFDA reviewed your website. Your website states that your "
                  'cord blood injections "reverse Parkinson\'s disease" and are "completely safe".\n\n'
                  "These violations must be corrected. Please take prompt action.\n")
        assert cats(letter, "md") == set()

    def test_a_quoted_claim_without_a_speaker_stays_a_claim(self):
        assert "disease-claim" in cats('Our motto: "exosomes cure alopecia areata".')


def test_what_readers_want_is_not_what_the_treatment_does():
    assert cats("Our PRP suits clients looking to reverse thinning hair.") == set()
    # the claim itself is reported (as the disease claim it also is: one finding per claim)
    assert {"efficacy-claim", "disease-claim"} & cats("Our PRP reverses thinning hair.")
    assert "efficacy-claim" in cats("Our PRP reverses thinning hair in six weeks.")


class TestPredicate:
    """`predicate: main` rules: an -ing verb is a gerund or a title only where nothing makes it a verb."""

    @pytest.mark.parametrize("text", [
        "Our exosome serum wakes sleepy follicles so they start regrowing hair within weeks.",
        "After PRF injections, dormant follicles keep thickening hair for months.",
    ])
    def test_an_ing_verb_after_a_verb_is_still_claimed(self, text):
        assert "efficacy-claim" in cats(text)

    def test_what_a_treatment_works_to_do_is_claimed(self):
        assert "efficacy-claim" in cats("The peptides in our serum work together to restore tired hair follicles.")
        assert "efficacy-claim" not in cats("The peptides in our serum are designed to restore tired hair follicles.")

    def test_what_a_treatment_is_called_the_way_to_do_is_claimed(self):
        assert "efficacy-claim" in cats("Ozone sessions are a natural way to strengthen your immune system.")
        assert "efficacy-claim" not in cats("We use ozone sessions in an attempt to strengthen the immune system.")
        assert "efficacy-claim" not in cats("She began the drips a year ago as a way to boost her energy.")

    def test_a_result_participle_after_a_main_clause_is_claimed(self):
        assert "efficacy-claim" in cats("Our PRF injections calm the scalp, causing weak follicles to regrow hair.")

    def test_a_verb_that_ends_in_ing_is_not_a_gerund(self):
        # "bring" is a plain verb: the claim is the sentence's own predicate
        assert "efficacy-claim" in cats("Our growth hormone peptides bring back your energy and stamina.")

    def test_an_ing_subject_after_an_opening_phrase_is_not(self):
        assert "efficacy-claim" not in cats("Until this year, regrowing hair was slow work for most of our PRP patients.")

    @pytest.mark.parametrize("text", [
        "Regrowing hair with exosomes: what the research says",
        "Our clinic has a long history of restoring hair with PRP.",
    ])
    def test_a_gerund_title_or_complement_is_not(self, text):
        assert "efficacy-claim" not in cats(text)


class TestTopicTitles:
    def test_a_noun_cure_for_a_condition_in_a_title_is_a_topic(self):
        assert "disease-claim" not in cats("# Herbal cure for hair fall\n\nBook a consultation.\n", "md")

    def test_a_title_with_the_verb_still_claims(self):
        assert "disease-claim" in cats("# Exosomes reverse thinning hair\n\nBook a consultation.\n", "md")


class TestComparativeRival:
    """In a comparison the approved product is the yardstick, not what the claim is about."""

    @pytest.mark.parametrize("text", [
        "Skip the Botox: our peptide cream smooths frown lines better than any needle.",
        "Unlike liposuction, our fat-freezing session gives the same results.",
        "Zero side effects, unlike the prescription drugs for thinning hair.",
    ])
    def test_comparison_against_an_approved_product_is_reported(self, text):
        assert "comparative-claim" in cats(text)

    def test_comparison_between_two_approved_products_is_about_the_first(self):
        assert "comparative-claim" not in cats("In its trials liraglutide lowered weight less than semaglutide did.")

    @pytest.mark.parametrize("text", [
        # the contrast denies the treatment a status the rival has
        "Unlike finasteride, which the FDA has approved, our PRP serum has no FDA approval.",
        # the contrast denies what the rival's procedure involves: a plain difference
        "Unlike a hair transplant, PRP does not involve incisions or stitches.",
    ])
    def test_contrast_with_a_denial_is_not_superiority(self, text):
        assert "comparative-claim" not in cats(text)

    def test_contrast_denying_a_harm_is_a_safety_comparison(self):
        assert "comparative-claim" in cats("Unlike diet pills, our NAD+ drip carries no risk to your heart.")


class TestPredicateAndAims:
    def test_causative_to_infinitive_is_the_claimed_result(self):
        # "signals X to do Y": what the treatment makes happen is asserted
        assert "efficacy-claim" in cats("Our growth-factor serum signals sleepy follicles to regrow thick hair.")

    def test_purpose_infinitive_is_still_not_a_claim(self):
        assert "efficacy-claim" not in cats("PRP is injected into the scalp to regrow hair, studies are ongoing.")

    def test_an_aim_is_not_an_achievement(self):
        assert "efficacy-claim" not in cats("Many people diet for years with the goal of losing belly fat for good.")


class TestReportedAndIndications:
    def test_what_patients_were_told_is_reported_not_claimed(self):
        assert "disease-claim" not in cats("Several readers had been told that ozone would cure their Lyme disease.")

    def test_an_established_indication_is_no_treatment_claim(self):
        assert "disease-claim" not in cats("Oxygen under pressure is a standard treatment for carbon monoxide poisoning.")


class TestTopicsAndHearsay:
    def test_a_topic_under_discussion_is_not_claimed(self):
        assert "disease-claim" not in cats("Our short guide to PRP for tennis elbow covers costs and risks.")

    def test_research_that_shows_a_result_is_still_a_claim(self):
        assert "disease-claim" in cats("Research on PRP shows it heals tennis elbow.")

    def test_a_title_naming_a_use_after_for_is_a_topic(self):
        assert cats("Ozone Saunas for Treating Lyme Disease") == set()

    def test_what_an_advert_implied_is_reported(self):
        assert "regulatory-status" not in cats("The ruling criticised wording implying the exosome serum was FDA approved.")

    def test_idiom_with_better_is_no_comparison(self):
        assert "comparative-claim" not in cats("Dieters rarely have better luck than that with exosome creams.")


class TestHedgeScope:
    def test_hedge_in_a_following_relative_clause_does_not_soften_the_claim(self):
        assert rules_of("Our clinic offers a safe treatment that could potentially tighten skin.").get(
            "safety.safe-treatment") == "warning"

    def test_hedge_after_the_claim_in_its_own_clause_still_softens_it(self):
        assert rules_of("Exosomes are a safe treatment for thinning hair in some patients.").get(
            "safety.safe-treatment") == "info"


class TestMeansAndProtection:
    def test_using_something_to_get_a_result_claims_the_result(self):
        assert "efficacy-claim" in cats("Our PRP facial uses your own platelets to rebuild thinning skin.")

    def test_protection_from_a_viral_infection_is_a_disease_claim(self):
        assert "disease-claim" in cats("Weekly ozone drips protect you from viral infections.")


class TestNounUseAndTheses:
    def test_a_verb_word_used_as_a_noun_is_no_claim(self):
        assert "efficacy-claim" not in cats("Stress has caused a sharp increase in thinning hair among young men.")

    def test_the_same_word_as_a_verb_is_a_claim(self):
        assert "efficacy-claim" in cats("Our exosome serum increases hair density.")

    def test_an_authors_thesis_is_attributed(self):
        assert "efficacy-claim" not in cats("In his new book Dr. Vale argues that oxygen sessions restore ageing skin.")


class TestSuggestionsAndHopes:
    def test_a_suggested_finding_is_softened(self):
        assert rules_of("Two small trials suggest that PRP is a safe treatment for knee pain.").get(
            "safety.safe-treatment") == "info"

    def test_a_hope_is_not_a_claim(self):
        assert "disease-claim" not in cats("Researchers hope to cure arthritis with stem cells one day.")

    def test_quote_after_stating_it_is_attributed(self):
        assert "efficacy-claim" not in cats('The seller promoted ozone by stating it "regrows hair in weeks".')


class TestReportedEvidence:
    def test_studies_that_show_a_result_are_not_its_subject(self):
        # "studies" is an established option, but here it only reports the claim
        assert "efficacy-claim" in cats("Studies show that the success rate of our exosome protocol is 90%.")


class TestAnaphoraAndAdjectives:
    def test_a_pronoun_points_back_to_the_approved_product_before(self):
        text = "Liposuction removes fat under anaesthetic. Done well, this brings dramatic aesthetic improvements."
        assert "efficacy-claim" not in cats(text)

    def test_a_pronoun_after_a_therapy_sentence_is_still_the_therapy(self):
        text = "Our exosome serum is made in Korea. Done well, this brings dramatic aesthetic improvements."
        assert "efficacy-claim" in cats(text)

    def test_a_verb_word_after_a_determiner_is_an_adjective(self):
        assert "efficacy-claim" not in cats("Our PRP facial builds new cells in the dermis (smooth even skin).")

    def test_a_doctor_quoted_after_says_is_attributed(self):
        assert "efficacy-claim" not in cats('Dr. Lowe says, "Ozone therapy will restore your skin."')


class TestPurposeBullets:
    def test_a_bullet_that_opens_with_to_names_a_purpose(self):
        assert "efficacy-claim" not in cats("- To soften or eliminate fine lines around the eyes")

    def test_a_bullet_with_a_finite_verb_is_a_claim(self):
        assert "efficacy-claim" in cats("- Eliminates fine lines around the eyes with our PRP facial")


class TestProbeMechanisms:
    def test_a_product_named_with_free_is_not_the_subject(self):
        assert "efficacy-claim" in cats("Botox-free wrinkle relief: our peptide serum freezes lines naturally.")

    def test_rare_but_possible_is_an_honest_statement(self):
        assert "safety-claim" not in cats("Serious complications from PRP are rare but can include infection.")

    def test_a_claim_quoted_as_what_someone_called_it_is_mentioned(self):
        assert "efficacy-claim" not in cats('The regulator fined a spa for calling its drips "clinically proven".')

    def test_a_problem_said_to_vanish_is_a_claim(self):
        assert "disease-claim" in cats("After one session with our ozone sauna, my sciatica vanished.")


class TestOthersPromises:
    def test_what_other_clinics_promise_is_reported(self):
        assert "disease-claim" not in cats("Reporters found clinics promising that stem cells would reverse autism.")

    def test_our_own_promise_still_counts(self):
        assert "disease-claim" in cats("We promise that our stem cells reverse autism.")

    @pytest.mark.parametrize("text", [
        "Be careful with any med spa that tells you its stem cells are FDA-approved.",
        "A clinic that swears its exosome serum is risk-free is not being straight with you.",
        "Plenty of patients still believe PRP drips are completely harmless.",
    ])
    def test_what_others_say_or_believe_is_not_the_page_s_claim(self, text):
        assert cats(text) == set()

    def test_a_ruling_s_reading_of_an_ad_is_not_a_claim(self):
        ruling = ("Ad description\n\nA clinic website stated that its PRP facial was \"totally safe\".\n\n"
                  "Assessment\n\nUpheld. The ASA considered that readers would understand the claim "
                  "\"totally safe\" to mean the PRP facial carried no risk.\n")
        assert cats(ruling) == set()

    def test_what_we_believe_is_still_our_claim(self):
        assert "safety-claim" in cats("We believe our exosome serum is completely harmless.")

    def test_a_quoted_claim_after_the_ads_claim_is_mentioned(self):
        assert "safety-claim" not in cats('The ASA ruled that the advert\'s claim "100% safe" was misleading.')


class TestRelativeClauseOnTheTreatment:
    def test_a_relative_clause_on_the_treatment_is_its_claim(self):
        assert "efficacy-claim" in cats("Stem Cell Therapy That Regrows Hair")

    def test_a_relative_clause_on_an_ingredient_is_a_modifier(self):
        assert "efficacy-claim" not in cats("PRP contains growth factors that regrow hair in lab studies, we are told.")


def test_a_therapy_name_ending_in_a_sign_is_found():
    # "NAD+" ends in no word character: a word-end anchor after it never matched
    from copylint.filters import resolve_subject
    from copylint.rulepack import load_rules
    vocab = load_rules().vocab
    text = "Our NAD+ therapy restores energy."
    span = (text.index("restores"), len(text) - 1)
    assert resolve_subject(text, (0, len(text)), (0, len(text)), span, vocab, "")[1] == "NAD+"


class TestWishConditions:
    """"If you want X, book Y" is no condition on the claim: the page answers the reader's wish."""

    @pytest.mark.parametrize("text", [
        "If you want skin that stays clear for good, our exosome peel is the one to book.",
        "If you're after permanent regrowth, our PRP plan is the answer.",
        "If you would love results that last a lifetime, start our stem cell course today.",
    ])
    def test_a_wish_answered_by_the_treatment_is_a_claim(self, text):
        assert "efficacy-claim" in cats(text)

    @pytest.mark.parametrize("text", [
        "If you want guaranteed results, look elsewhere: nobody can promise them.",
        "If our exosomes were FDA-approved, we would say so.",
        "If you want permanent results, no injection will give you that.",
    ])
    def test_a_real_condition_or_a_refused_wish_is_not(self, text):
        assert cats(text) == set()


class TestDeviceOverpromise:
    """A device's cosmetic claim is its cleared use, unless it promises more than any clearance covers."""

    @pytest.mark.parametrize("text", [
        "Our HIFU device tightens the skin along the jawline.",
        "The laser smooths fine lines around the eyes.",
    ])
    def test_a_plain_cosmetic_claim_for_a_device_passes(self, text):
        assert cats(text) == set()

    @pytest.mark.parametrize("text", [
        "Our HIFU erases wrinkles in a single visit.",
        "The LED mask wipes away dark spots overnight.",
        "Our laser smooths fine lines in one lunchtime session.",
    ])
    def test_an_absolute_or_one_visit_promise_for_a_device_is_a_claim(self, text):
        assert "efficacy-claim" in cats(text)


class TestApprovedProductOfferedAsOwn:
    """A promise about an approved drug sold as the clinic's own programme is the clinic's promise."""

    @pytest.mark.parametrize("text", [
        "Drop two dress sizes in eight weeks on our semaglutide programme.",
        "With Dr Shah's tirzepatide plan the weight stays off for good.",
    ])
    def test_a_promise_about_our_programme_counts(self, text):
        assert "efficacy-claim" in cats(text)

    @pytest.mark.parametrize("text", [
        "On Wegovy, most adults lose weight steadily over the first year.",
        "Zepbound can lower weight within months for some adults.",
        "Our clinic also prescribes Wegovy, which lowers weight within months for many adults.",
    ])
    def test_a_statement_about_the_approved_drug_itself_passes(self, text):
        assert "efficacy-claim" not in cats(text)


class TestComparisonStandard:
    """A product named only as what a claim is measured against is not the claim's subject."""

    def test_an_approved_brand_as_the_standard_leaves_the_page_s_product_as_subject(self):
        assert "regulatory-status" in cats("Same molecule as Mounjaro, a third of the price.")

    def test_two_approved_products_compared_stay_about_approved_products(self):
        assert cats("Wegovy holds the same active ingredient as Ozempic.") == set()

    def test_a_superlative_on_a_named_device_is_a_ranking(self):
        assert "comparative-claim" in cats("The most advanced HIFU in Manchester.")
        assert cats("The eyelids are among the most common targets for PRF.") == set()


class TestQuotedPhraseLists:
    def test_every_phrase_of_a_quoted_list_after_a_mention_is_talked_about(self):
        text = 'The ad called the drip "natural", "pain-free" and "safe for everyone".'
        assert cats(text) == set()

    def test_the_same_phrases_in_the_clinic_s_own_voice_are_claims(self):
        assert "safety-claim" in cats('Our exosomes are "FDA approved" and "safe for everyone".')


class TestOneClaimAcrossCategories:
    def test_an_outcome_that_is_a_disease_claim_is_reported_once_as_one(self):
        found = lint_text("Our red light therapy repairs the nerve damage of diabetic neuropathy.", filename="t.txt")
        claims = {f.category for f in found if f.severity in ("error", "warning") and f.category != "missing-disclaimer"}
        assert claims == {"disease-claim"}

    def test_an_outcome_promise_beside_a_disease_claim_stays(self):
        text = "Our stem cells treat arthritis, and you will regrow thicker hair too."
        assert {"disease-claim", "efficacy-claim"} <= cats(text)


class TestNegatedPredicate:
    """A claim that is only its clause's subject is denied by a negated predicate after it."""

    @pytest.mark.parametrize("text", [
        "Stem cell therapy for gout has not been shown to work.",
        "Our stem cell treatments for arthritis, sadly, are not covered by any trial yet.",
    ])
    def test_a_subject_claim_with_a_negated_predicate_passes(self, text):
        assert "disease-claim" not in cats(text)

    def test_an_affirmed_predicate_keeps_the_claim(self):
        assert "disease-claim" in cats("Stem cell therapy for gout is what we offer.")

    def test_a_status_claim_made_by_the_negated_predicate_stands(self):
        assert "regulatory-status" in cats("Peptides labelled for research use only are not medicines, so any spa may inject them.")


class TestAudiencesAndPurposes:
    def test_what_a_seller_told_an_audience_is_reported(self):
        text = "On a livestream, the clinic's owner told viewers that its stem cell shots were FDA-approved."
        assert cats(text) == set()
        assert "regulatory-status" in cats("We told our patients that our exosomes are FDA-approved.")

    def test_a_product_after_a_purpose_infinitive_is_not_the_subject(self):
        text = "Our centrifuge is FDA-cleared to prepare PRP; PRP is not FDA-approved for thinning hair."
        assert cats(text) == set()


class TestReportedPagesInOtherWords:
    NEWS = ("# Knee clinics under scrutiny\n\nBy Sam Lee, Health Reporter\n\n"
            "Many of their websites say the shots regrow cartilage and end pain for good.\n\n"
            "\"The evidence is thin,\" said Dr. Moss, a surgeon.\n")
    TRIAL = ("# PRP for sore knees: a new trial\n\nResearchers randomised 90 adults to PRP or saline injections.\n\n"
             "Pain improved by 25% in the PRP group; the difference was not statistically significant.\n")
    CLINIC = ("# PRP Knee Injections\n\nBook your knee injection today.\n\n"
              "In one trial, researchers randomised 90 adults, and pain improved more in the PRP group.\n\n"
              "Our PRP injections regrow cartilage for good. Call us to book.\n")

    def test_a_news_report_of_what_websites_say_is_reported(self):
        assert cats(self.NEWS, "md") == set()

    def test_a_trial_summary_reports_its_arms(self):
        assert counted(lint_text(self.TRIAL, filename="t.md")) == set()

    def test_a_clinic_page_that_cites_a_trial_is_still_a_clinic_page(self):
        found = counted(lint_text(self.CLINIC, filename="t.md"))
        assert "efficacy-claim" in found and "missing-disclaimer" in found


class TestNegationInsideACondition:
    def test_a_negation_in_the_condition_does_not_negate_the_promise(self):
        assert "efficacy-claim" in cats("If your brows are not fuller in 60 days, the next course is on us.")

    def test_a_negated_main_clause_still_negates(self):
        assert "efficacy-claim" not in cats("If you ask, we will not promise that the next course is on us.")


class TestFairComparisonsAndSubjectLists:
    def test_a_comparison_that_favours_the_approved_product_is_fair(self):
        text = "For pattern hair loss, minoxidil has far stronger evidence than exosome therapy."
        assert "comparative-claim" not in cats(text)
        assert "comparative-claim" in cats("Our exosome therapy has far stronger results than minoxidil.")

    def test_a_subject_list_before_a_negated_predicate_is_denied(self):
        text = "Stem cell injections for knee pain, anti-ageing or cosmetic use are not FDA-approved."
        assert cats(text) == set()


class TestOffLabelClaims:
    """A disease claim about an approved product counts where the condition is not one it is approved for."""

    @pytest.mark.parametrize("text", [
        "Semaglutide treats PCOS and restores fertility.",
        "At our spa we also use Botox to treat depression.",
    ])
    def test_an_off_label_condition_is_a_claim(self, text):
        assert "disease-claim" in cats(text)

    @pytest.mark.parametrize("text", [
        "Ozempic treats type 2 diabetes.",
        "Botox treats chronic migraine.",
        "Minoxidil is approved to treat pattern hair loss.",
    ])
    def test_an_approved_indication_is_a_statement_about_the_product(self, text):
        assert cats(text) == set()


class TestApprovedProductsOffLabel:
    """A listed approved product said to be approved for a use its label does not cover is a status claim."""

    @pytest.mark.parametrize("text", [
        "Dysport is FDA-approved for slimming the shoulders.",
        "We inject FDA-approved Kybella to melt fat on the knees and arms.",
    ])
    def test_an_approval_for_an_unlisted_use_counts(self, text):
        assert "regulatory-status" in cats(text)

    @pytest.mark.parametrize("text", [
        "Dysport is FDA-approved for frown lines between the brows.",
        "Kybella is FDA-approved.",
        "Latisse is FDA-approved to grow longer lashes.",
    ])
    def test_the_labelled_use_or_no_use_is_true(self, text):
        assert cats(text) == set()


class TestDeviceOverpromises:
    """A device's cosmetic claim is its cleared use, unless it promises what no clearance covers."""

    @pytest.mark.parametrize("text", [
        "Our RF microneedling lifts the jowls like a surgical facelift.",
        "With our laser, fine lines disappear and you look fifteen years younger.",
    ])
    def test_a_result_beyond_any_clearance_counts(self, text):
        assert "efficacy-claim" in cats(text)

    def test_the_cleared_cosmetic_use_passes(self):
        assert cats("Our RF microneedling tightens loose skin on the neck.") == set()


class TestDisclosedOffers:
    """An offer naming a use ("PRP injections for knee pain") on a page that states the therapy's
    regulatory status describes a use the page has disclosed; without that statement it is a claim."""

    def test_an_offer_on_a_page_that_states_the_status_passes(self):
        text = ("We offer ozone injections for chronic back pain.\n\n"
                "Ozone injections are not approved by the FDA.\n")
        assert "disease-claim" not in cats(text)

    def test_the_same_offer_without_the_statement_counts(self):
        assert "disease-claim" in cats("We offer ozone injections for chronic back pain.\n")

    def test_a_promise_with_its_own_verb_still_counts_on_a_disclosing_page(self):
        text = ("Our ozone injections cure chronic back pain.\n\n"
                "Ozone injections are not approved by the FDA.\n")
        assert "disease-claim" in cats(text)


class TestCompoundedCopies:
    """A molecule the sentence says a pharmacy makes, or a copy of a brand, is the compounded product."""

    @pytest.mark.parametrize("text", [
        "Our tirzepatide is FDA approved and safe, mixed weekly at our partner pharmacy.",
        "Buy an affordable copy of Wegovy, approved by the FDA, for $149.",
        "Compounded tirzepatide, equivalent to Zepbound, delivered monthly.",
    ])
    def test_the_compounded_product_claims_approval(self, text):
        assert "regulatory-status" in cats(text)

    @pytest.mark.parametrize("text", [
        "Tirzepatide is FDA-approved as Zepbound, but versions made by compounding pharmacies are not.",
        "Unlike liraglutide, which is FDA-approved, most peptide blends have no approval at all.",
    ])
    def test_the_approved_brand_and_its_relative_clause_are_true(self, text):
        assert "regulatory-status" not in cats(text)


class TestNamedInstance:
    """A therapy class narrowed to an approved product ("such as", brackets, "some ... such as") is that product."""

    @pytest.mark.parametrize("text", [
        "Testosterone pellets (for example Testopel) are FDA-approved for low testosterone.",
        "A few peptides have FDA approval for one use, including tesamorelin for HIV-related belly fat.",
    ])
    def test_the_named_approved_product_is_the_subject(self, text):
        assert "regulatory-status" not in cats(text)

    @pytest.mark.parametrize("text", [
        "Our peptides, like Egrifta, are FDA-approved.",
        "Peptides such as BPC-157 are FDA-approved.",
    ])
    def test_a_comparison_or_an_unapproved_instance_still_counts(self, text):
        assert "regulatory-status" in cats(text)


class TestWarningLists:
    """A list of the warning signs of a bad provider names the claims it warns against; it makes none."""

    @pytest.mark.parametrize("text", [
        "Tell-tale signs of a poor clinic include guaranteed regrowth and a promise of zero side effects.",
        "Look out for websites that say stem cells cure arthritis.",
    ])
    def test_the_listed_claims_are_mentions(self, text):
        assert cats(text) == set()

    def test_a_claim_beside_the_words_red_flag_still_counts(self):
        assert "efficacy-claim" in cats("No red flags here: regrowth is guaranteed at our clinic.")


class TestNegatedObject:
    """A claim whose verb takes "no", "none" or "nothing" as its object is denied."""

    @pytest.mark.parametrize("text", [
        "So far the agency has cleared no light device for multiple sclerosis.",
        "Two trials have proven no benefit of ozone for back pain.",
    ])
    def test_a_denied_object_is_no_claim(self, text):
        assert cats(text) == set()

    @pytest.mark.parametrize("text", [
        "Our clinic is FDA-approved, no referral needed.",
        "Exosomes are FDA-approved: no other clinic in town has them.",
        "We have had no complications in ten years.",
    ])
    def test_no_after_the_claim_that_is_not_its_object_does_not_deny_it(self, text):
        assert cats(text)


class TestTestimonials:
    """A quotation given as the advertiser's own patient's is the advertiser's claim; others' quotes are theirs."""

    @pytest.mark.parametrize("text", [
        '"The drips cured my migraines," says Tom, one of our clients in Leeds.',
        '"Ozone put my lupus into remission," says Rosa, a patient of ours since 2021.',
    ])
    def test_a_patients_quote_counts(self, text):
        assert "disease-claim" in cats(text)

    @pytest.mark.parametrize("text", [
        '"Stem cells cured my arthritis," one man told the reporter.',
        '"These drips cure migraines," the seller said in the video.',
    ])
    def test_a_quote_of_someone_else_is_attributed(self, text):
        assert "disease-claim" not in cats(text)


class TestSparedRival:
    """A product the treatment is said to spare ("never need surgery") is its rival, not the claim's subject."""

    def test_a_therapy_that_spares_surgery_makes_the_claim(self):
        assert "disease-claim" in cats("Thanks to our stem cell shots, clients with arthritis never need surgery.")

    def test_without_a_regulated_therapy_the_claim_is_not_one(self):
        assert "disease-claim" not in cats("With physiotherapy, many patients with knee arthritis never need surgery.")


class TestOffLabelAreas:
    """A result an approved product is said to give in an area it is sold for off label is a claim."""

    def test_a_result_in_an_off_label_area_counts(self):
        assert "efficacy-claim" in cats("Jaw-slimming Botox narrows a square jaw in two weeks.")

    def test_the_same_result_on_label_is_about_the_approved_product(self):
        assert "efficacy-claim" not in cats("Botox softens frown lines in two weeks.")


class TestDeficit:
    """An outcome said to fall short ("heal more slowly", "respond poorly") is a warning, not a claim."""

    @pytest.mark.parametrize("text", [
        "Patients with diabetes heal more slowly after laser work, so please tell us if you have it.",
        "Clients with diabetes heal poorly after deep peels.",
    ])
    def test_a_shortfall_is_no_claim(self, text):
        assert cats(text) == set()

    def test_a_faster_outcome_is_still_a_claim(self):
        assert "disease-claim" in cats("Clients with arthritis heal faster after our stem cell shots.")


class TestDeviceDeliveredTherapies:
    """A status claim about a therapy given with a cleared device is the device's where it names a cleared use."""

    @pytest.mark.parametrize("text", [
        "Hyperbaric oxygen therapy is FDA-cleared for decompression sickness and for carbon monoxide poisoning.",
        "Our HBOT is cleared by the FDA for diabetic foot ulcers.",
    ])
    def test_a_cleared_use_is_a_true_statement(self, text):
        assert "regulatory-status" not in cats(text)

    @pytest.mark.parametrize("text", [
        "Our HBOT is FDA-cleared for long COVID and fibromyalgia.",
        "Hyperbaric oxygen therapy is approved by Health Canada.",
        "Book HBOT, the FDA-approved therapy for brain fog.",
    ])
    def test_any_other_status_claim_still_counts(self, text):
        assert "regulatory-status" in cats(text)


class TestDeviceSubjects:
    """The subject is the longest product term, a therapy word before a device noun names the device, and
    a device's clearance claimed for a use off its line counts."""

    @pytest.mark.parametrize("text", [
        "Every PRP kit we stock is CE-marked.",  # "PRP kit" (a device), not "PRP" (a therapy)
        "The PRP centrifuge in room two is CE-marked.",
        "The PRP kit is FDA-cleared for preparing platelet-rich plasma from a blood sample.",
        "CoolSculpting is FDA-cleared to reduce fat under the chin and on the thighs.",
    ])
    def test_true_statements_about_devices_pass(self, text):
        assert "regulatory-status" not in cats(text)

    @pytest.mark.parametrize("text", [
        "Our PRP kit is FDA-cleared for thinning hair and dark circles.",
        "CoolSculpting is FDA-cleared to treat cellulite.",
        "The SkinPen is cleared by the FDA for hair regrowth.",
    ])
    def test_a_clearance_for_a_use_off_the_devices_line_counts(self, text):
        assert "regulatory-status" in cats(text)

    def test_a_therapy_sold_as_a_kit_is_still_the_therapy(self):
        assert "regulatory-status" in cats("Our exosome system is FDA approved.")


class TestRefusedTherapies:
    """A page that says it does not offer a therapy anchors no disclosure for it, wherever it names it."""

    def kinds(self, text):
        return {f.disclaimer for f in lint_text(text, filename="t.md") if f.category == "missing-disclaimer"}

    def test_a_refusal_after_the_first_mention_counts(self):
        page = ("# Knee care\n\nPatients often ask us about stem cell injections for knees.\n\n"
                "We do not offer them. Call us to book physiotherapy instead.\n")
        assert self.kinds(page) == set()

    def test_a_refused_therapy_named_again_later_is_still_refused(self):
        page = ("# Why we do not offer exosome facials\n\nOur clinic does not offer exosome treatments.\n\n"
                "There are no FDA-approved exosome products. Book a chemical peel with us instead.\n")
        assert self.kinds(page) == set()

    def test_a_restriction_is_not_a_refusal(self):
        page = ("# PRP hair sessions\n\nBook PRP hair sessions today, from $400.\n\n"
                "We do not offer PRP to pregnant women or to anyone on blood thinners.\n")
        assert self.kinds(page) == {"regulatory-status", "results-vary", "medical-advice"}

    def test_a_page_that_refuses_one_therapy_and_sells_another_still_needs_disclosures(self):
        page = ("# Hair clinic\n\nWe do not offer stem cell injections.\n\n"
                "Book our PRP hair sessions today, from $400.\n")
        assert self.kinds(page) == {"regulatory-status", "results-vary", "medical-advice"}


class TestReportedShortPages:
    def test_a_lawsuit_report_quoting_a_clinic_makes_no_claim_and_needs_no_disclosures(self):
        page = ("# State sues peptide spa\n\nThe lawsuit alleges the spa told customers its peptides were "
                "\"FDA-approved for longevity\".\n\nThe attorney general said no such approval exists.\n\n"
                "The complaint seeks refunds.\n")
        assert counted(lint_text(page, filename="t.md")) == set()

    def test_a_claim_inside_a_quoted_phrase_after_a_mention_is_talked_about(self):
        text = 'Marketing that calls pellets "natural and risk-free" is not accurate.'
        assert "safety-claim" not in cats(text)
