using AllianceFhir.Samples.Catalogue;

namespace AllianceFhir.Samples.Planning;

/// <summary>Decides one patient's demographics, clinic, instruments and course from its own random stream.</summary>
internal static class PatientPlanner
{
    public static PatientPlan Plan(int index, Random rng, DateTimeOffset start)
    {
        var clinic = rng.Weighted(Clinics.All.Select(c => (c, c.Weight)).ToArray());
        var practitioner = rng.Pick(clinic.Practitioners);
        string gender = rng.Weighted(("female", 0.52), ("male", 0.45), ("other", 0.03));
        string given = rng.Pick(gender switch
        {
            "female" => SyntheticNames.Female,
            "male" => SyntheticNames.Male,
            _ => SyntheticNames.Neutral,
        });
        string family = rng.Pick(SyntheticNames.Family);
        int age = DrawAge(rng);
        string deliveryMode = clinic.Digital
            ? rng.Weighted(("digital", 0.7), ("blended", 0.3))
            : rng.Weighted(("face-to-face", 0.7), ("blended", 0.3));
        string programme = age < 18 ? "youth"
            : age < 25 ? rng.Weighted(("youth", 0.65), ("adult-iapt", 0.35))
            : age >= 45 && rng.Chance(0.25) ? "long-term-conditions"
            : "adult-iapt";

        var firstSession = start
            .AddDays((7 * rng.Next(0, 16)) + rng.Next(0, 5))
            .AddMinutes(30 * rng.Next(0, 17));
        var birthDate = DateOnly.FromDateTime(firstSession.UtcDateTime).AddYears(-age).AddDays(-rng.Next(1, 365));

        var trajectory = rng.Weighted(
            (TrajectoryKind.Improving, 0.62), (TrajectoryKind.Flat, 0.26), (TrajectoryKind.Deteriorating, 0.12));
        var rupture = rng.Weighted((RuptureKind.None, 0.75), (RuptureKind.Repaired, 0.17), (RuptureKind.Unrepaired, 0.08));
        int sessionCount = rng.Next(6, 17);
        int phqIntake = SymptomTrajectory.Phq9Intake(rng);
        int gadIntake = SymptomTrajectory.Gad7Intake(phqIntake, rng);
        var gadTrajectory = rng.Chance(0.85) ? trajectory : TrajectoryKind.Flat;
        var phq = SymptomTrajectory.Totals(phqIntake, Instruments.Phq9.MaxTotal, trajectory, sessionCount, rng);
        var gad = SymptomTrajectory.Totals(gadIntake, Instruments.Gad7.MaxTotal, gadTrajectory, sessionCount, rng);
        var alliance = AllianceTrajectory.Fractions(sessionCount, ceiling: rng.Chance(0.5), rupture, rng);

        // A few patients per cohort (every twelfth) have one session's PHQ-9 / GAD-7 from an LHC-Forms app.
        int lhcSession = index % 12 == 5 ? rng.Next(0, sessionCount) : -1;

        // Every tenth leaves out one item of one PHQ-9 or GAD-7 (prorated), every twentieth two or three (not
        // scored); chance adds a few more one-item misses (SymptomItems.Missing).
        int missingCount = index % 10 == 7 ? 1 : index % 20 == 13 ? rng.Next(2, 4) : 0;
        int incompleteSession = missingCount > 0 ? rng.Next(0, sessionCount) : -1;
        if (incompleteSession >= 0 && incompleteSession == lhcSession)
        {
            incompleteSession = (incompleteSession + 1) % sessionCount;
        }

        string incompleteInstrument = rng.Chance(0.5) ? Instruments.Phq9.Id : Instruments.Gad7.Id;
        var sessions = new SessionPlan[sessionCount];
        var time = firstSession;
        for (int s = 0; s < sessionCount; s++)
        {
            sessions[s] = new SessionPlan(
                s + 1, time, phq[s], gad[s], alliance[s], s == lhcSession, s == incompleteSession ? incompleteInstrument : null,
                s == incompleteSession ? missingCount : 0);
            time = time.AddDays(rng.Chance(0.08) ? 14 : 7);
        }

        ScreeningPlan? screening = rng.Chance(0.12)
            ? new ScreeningPlan(
                firstSession.AddDays(-rng.Next(7, 15)).AddMinutes(-rng.Next(0, 120)),
                Math.Clamp(phqIntake + rng.Next(-2, 3), 0, Instruments.Phq9.MaxTotal),
                Math.Clamp(gadIntake + rng.Next(-2, 3), 0, Instruments.Gad7.MaxTotal))
            : null;

        return new PatientPlan(
            Index: index,
            Id: PatientIds.ForIndex(index),
            Given: given,
            Family: family,
            Gender: gender,
            BirthDate: birthDate,
            Clinic: clinic,
            Practitioner: practitioner,
            DeliveryMode: deliveryMode,
            Programme: programme,
            AllianceInstrument: DrawAllianceInstrument(deliveryMode, programme, rng),
            Trajectory: trajectory,
            Rupture: rupture,
            SelfHarmRisk: rng.Chance(phqIntake >= 15 ? 0.2 : 0.06),
            SymptomsClinicianEntered: deliveryMode == "face-to-face" && rng.Chance(0.3),
            Screening: screening,
            Sessions: sessions);
    }

    /// <summary>Ages 14–70, with plenty of 14–24 year olds (about 45%).</summary>
    private static int DrawAge(Random rng) =>
        rng.Weighted((0, 0.15), (1, 0.30), (2, 0.35), (3, 0.20)) switch
        {
            0 => rng.Next(14, 18),
            1 => rng.Next(18, 25),
            2 => rng.Next(25, 45),
            _ => rng.Next(45, 71),
        };

    /// <summary>Mostly WAI-SR, some SRS (more in youth services), a few SAI, D-WAI in digital care.</summary>
    private static InstrumentSpec DrawAllianceInstrument(string deliveryMode, string programme, Random rng) =>
        deliveryMode == "digital"
            ? rng.Weighted((Instruments.WaiSr, 0.5), (Instruments.DWai, 0.35), (Instruments.Srs, 0.15))
            : programme == "youth"
                ? rng.Weighted((Instruments.WaiSr, 0.6), (Instruments.Srs, 0.32), (Instruments.Sai, 0.08))
                : rng.Weighted((Instruments.WaiSr, 0.76), (Instruments.Srs, 0.14), (Instruments.Sai, 0.1));
}
