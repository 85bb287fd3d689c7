using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgreementPayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AgreementId",
                table: "ExpenseLines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OverrideReason",
                table: "ExpenseLines",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExpenseLines_AgreementId_State",
                table: "ExpenseLines",
                columns: new[] { "AgreementId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ExpenseLines_AgreementId_State",
                table: "ExpenseLines");

            migrationBuilder.DropColumn(
                name: "AgreementId",
                table: "ExpenseLines");

            migrationBuilder.DropColumn(
                name: "OverrideReason",
                table: "ExpenseLines");
        }
    }
}
