namespace AllianceFhir.Samples.Catalogue;

/// <summary>LOINC codes for PHQ-9 and GAD-7 (shared/domain.md §2, verified against US Core and LHC-Forms exports).</summary>
internal static class Loinc
{
    public const string Phq9Panel = "44249-1";
    public const string Phq9Total = "44261-6";
    public const string Phq9TotalDisplay = "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]";
    public const string Phq9Difficulty = "69722-7";
    public const string Gad7Panel = "69737-5";
    public const string Gad7Total = "70274-6";
    public const string Gad7TotalDisplay = "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]";

    public const string DifficultyText =
        "How difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?";

    /// <summary>PHQ-9 items 1–9; item 9 (44260-8) is the self-harm item.</summary>
    public static readonly IReadOnlyList<LoincItem> Phq9Items =
    [
        new("44250-9", "Little interest or pleasure in doing things"),
        new("44255-8", "Feeling down, depressed, or hopeless"),
        new("44259-0", "Trouble falling or staying asleep, or sleeping too much"),
        new("44254-1", "Feeling tired or having little energy"),
        new("44251-7", "Poor appetite or overeating"),
        new("44258-2", "Feeling bad about yourself-or that you are a failure or have let yourself or your family down"),
        new("44252-5", "Trouble concentrating on things, such as reading the newspaper or watching television"),
        new("44253-3", "Moving or speaking so slowly that other people could have noticed. Or the opposite-being so fidgety or restless that you have been moving around a lot more than usual"),
        new("44260-8", "Thoughts that you would be better off dead, or of hurting yourself in some way"),
    ];

    /// <summary>GAD-7 items 1–7.</summary>
    public static readonly IReadOnlyList<LoincItem> Gad7Items =
    [
        new("69725-0", "Feeling nervous, anxious or on edge"),
        new("68509-9", "Not being able to stop or control worrying"),
        new("69733-4", "Worrying too much about different things"),
        new("69734-2", "Trouble relaxing"),
        new("69735-9", "Being so restless that it is hard to sit still"),
        new("69689-8", "Becoming easily annoyed or irritable"),
        new("69736-7", "Feeling afraid as if something awful might happen"),
    ];

    private static readonly LoincCoding[] Frequency =
    [
        new("LA6568-5", "Not at all"),
        new("LA6569-3", "Several days"),
        new("LA6570-1", "More than half the days"),
        new("LA6571-9", "Nearly every day"),
    ];

    private static readonly LoincCoding MoreDaysThanNot = new("LA18938-3", "More days than not");

    private static readonly LoincCoding[] Difficulty =
    [
        new("LA6572-7", "Not difficult at all"),
        new("LA6573-5", "Somewhat difficult"),
        new("LA6575-0", "Very difficult"),
        new("LA6574-3", "Extremely difficult"),
    ];

    /// <summary>The answer for an ordinal 0–3; GAD-7 item 2 says "More days than not" (LA18938-3) for 2.</summary>
    public static LoincCoding FrequencyAnswer(int ordinal, bool gad7ItemTwo) =>
        gad7ItemTwo && ordinal == 2 ? MoreDaysThanNot : Frequency[ordinal];

    /// <summary>Difficulty answer for a level 0 (not difficult at all) … 3 (extremely difficult).</summary>
    public static LoincCoding DifficultyAnswer(int level) => Difficulty[level];
}
