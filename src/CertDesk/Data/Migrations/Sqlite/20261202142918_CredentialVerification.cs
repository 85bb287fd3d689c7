using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CredentialVerification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "VerificationEvidence",
                table: "Credentials",
                type: "TEXT",
                maxLength: 1000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "VerifiedAt",
                table: "Credentials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VerifiedBy",
                table: "Credentials",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            // Credentials recorded before verification existed were issued under the old rules: they are marked verified
            // by "data migration" (not by a person), at the time the migration ran (docs/follow-through.md).
            migrationBuilder.Sql(
                "UPDATE \"Credentials\" SET \"VerifiedBy\" = 'data migration', \"VerifiedAt\" = strftime('%Y-%m-%d %H:%M:%S', 'now') || '+00:00', " +
                "\"VerificationEvidence\" = 'recorded before credentials were verified' WHERE \"VerifiedAt\" IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VerificationEvidence",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "Credentials");

            migrationBuilder.DropColumn(
                name: "VerifiedBy",
                table: "Credentials");
        }
    }
}
