using CertDesk.Domain.Tuition;

namespace CertDesk.Domain.Tests.Tuition;

public sealed class PaymentCheckTests
{
    [Fact]
    public void WithinTheAgreementAndTheCap_NoProblem()
        => Assert.Empty(PaymentCheck.Problems(new PaymentLimits(1000m, 4000m, 3000m, 5250m, 4250m, 2026)));

    [Fact]
    public void OverTheFundedAmount_Named()
    {
        // 3,000 paid + 1,000.01 = 4,000.01 > 4,000 funded.
        var problem = Assert.Single(PaymentCheck.Problems(new PaymentLimits(1000.01m, 4000m, 3000m, 10000m, 3000m, 2026)));
        Assert.Equal("1,000.01 USD would bring this agreement's payments to 4,000.01 USD, over the 4,000.00 USD it funds", problem);
    }

    [Fact]
    public void OverTheAnnualCap_CountsEveryPaymentOfTheYear()
    {
        // 4,500 already paid in 2026 (other agreements too) + 800 = 5,300 > 5,250.
        var problem = Assert.Single(PaymentCheck.Problems(new PaymentLimits(800m, 4000m, 0m, 5250m, 4500m, 2026)));
        Assert.Equal("800.00 USD would bring 2026 payments to 5,300.00 USD, over the policy's annual cap of 5,250.00 USD", problem);
    }

    [Fact]
    public void Both_BothNamed() => Assert.Equal(2, PaymentCheck.Problems(new PaymentLimits(2000m, 1000m, 0m, 1500m, 0m, 2026)).Count);
}
