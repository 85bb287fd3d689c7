using CertDesk.Features.Organization;

namespace CertDesk.Tests.Features.Organization;

/// <summary>What the people picker's field means: a picked entry, a name one person has, or an id; a shared name is asked about.</summary>
public sealed class PeoplePickerTests
{
    private static readonly PersonChoice[] People =
    [
        new("E0101", "Ann Lee", "Agent"), new("E0102", "Ann Lee", "Supervisor"), new("E0103", "Bo Park", "Agent"),
    ];

    [Theory]
    [InlineData("Bo Park (E0103)", "E0103")]
    [InlineData("  bo park ", "E0103")]
    [InlineData("e0103", "E0103")]
    [InlineData("Ann Lee (E0102)", "E0102")]
    [InlineData("E0999", "E0999")] // not in the list: passed on for the form's service to refuse in its words
    [InlineData("Someone Else", "Someone Else")]
    [InlineData("", "")]
    public void Resolve_EntryNameOrId_GivesTheEmployeeId(string typed, string expected)
    {
        Assert.Equal(expected, PeoplePicker.Resolve(typed, People, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Resolve_ANameTwoPeopleHave_IsNotGuessed_TheErrorListsBoth()
    {
        Assert.Equal("Ann Lee", PeoplePicker.Resolve("Ann Lee", People, out var error));
        Assert.Equal("2 people are called Ann Lee: pick one of them from the list (Ann Lee (E0101), Ann Lee (E0102)).", error);
    }

    [Fact]
    public void Show_AnIdInTheList_ReadsAsTheEntry()
    {
        Assert.Equal("Bo Park (E0103)", PeoplePicker.Show("E0103", People));
        Assert.Equal("E0999", PeoplePicker.Show("E0999", People));
        Assert.Equal("", PeoplePicker.Show(null, People));
    }
}
