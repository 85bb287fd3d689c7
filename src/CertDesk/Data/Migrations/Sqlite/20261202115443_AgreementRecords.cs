using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgreementRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AgreementSignatures_AgreementId_Role",
                table: "AgreementSignatures");

            migrationBuilder.AddColumn<int>(
                name: "RecordSequence",
                table: "AgreementSignatures",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "RecordSha256",
                table: "AgreementSignatures",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "AgreementSignatures",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SealKeyId",
                table: "AgreementSignatures",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AgreementRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Canonical = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PreviousSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SealKeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Seal = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    EmployeeSignedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CompanySignedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementRecords_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgreementSignatures_AgreementId_RecordSequence_Role",
                table: "AgreementSignatures",
                columns: new[] { "AgreementId", "RecordSequence", "Role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgreementRecords_AgreementId_Sequence",
                table: "AgreementRecords",
                columns: new[] { "AgreementId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgreementRecords");

            migrationBuilder.DropIndex(
                name: "IX_AgreementSignatures_AgreementId_RecordSequence_Role",
                table: "AgreementSignatures");

            migrationBuilder.DropColumn(
                name: "RecordSequence",
                table: "AgreementSignatures");

            migrationBuilder.DropColumn(
                name: "RecordSha256",
                table: "AgreementSignatures");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "AgreementSignatures");

            migrationBuilder.DropColumn(
                name: "SealKeyId",
                table: "AgreementSignatures");

            migrationBuilder.CreateIndex(
                name: "IX_AgreementSignatures_AgreementId_Role",
                table: "AgreementSignatures",
                columns: new[] { "AgreementId", "Role" },
                unique: true);
        }
    }
}
