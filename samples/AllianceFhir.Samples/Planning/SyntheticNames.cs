namespace AllianceFhir.Samples.Planning;

/// <summary>Name parts for synthetic patients; any match with a real person is chance.</summary>
internal static class SyntheticNames
{
    public static readonly IReadOnlyList<string> Female =
    [
        "Aisha", "Bethany", "Chloe", "Daniela", "Eleni", "Fatima", "Grace", "Hannah", "Imogen", "Jasmine",
        "Kiara", "Lucy", "Maya", "Niamh", "Olivia", "Priyanka", "Rosa", "Sofia", "Tamsin", "Yasmin",
    ];

    public static readonly IReadOnlyList<string> Male =
    [
        "Adam", "Ben", "Callum", "Dev", "Ethan", "Farid", "George", "Harvey", "Idris", "Jack",
        "Kwame", "Liam", "Mateo", "Noah", "Oscar", "Rohan", "Sami", "Theo", "Vikram", "Zach",
    ];

    public static readonly IReadOnlyList<string> Neutral =
    [
        "Alex", "Charlie", "Eden", "Jesse", "Morgan", "Quinn", "Riley", "Robin", "Sasha", "Skye",
    ];

    public static readonly IReadOnlyList<string> Family =
    [
        "Adeyemi", "Bennett", "Chowdhury", "Doyle", "Evans", "Fernandes", "Gallagher", "Hussain", "Ivanova", "Jones",
        "Kowalski", "Lewis", "McCarthy", "Nguyen", "O'Brien", "Patel", "Quinlan", "Robertson", "Singh", "Thompson",
        "Usman", "Vasquez", "Walsh", "Xu", "Young", "Zielinski", "Ahmed", "Brooks", "Campbell", "Dlamini",
    ];
}
