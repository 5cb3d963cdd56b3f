// Fixed dossiers of the demo province with full histories, for the document tests, the golden
// files in tests/golden/documents/ and bench/render_bench.cpp. Test-only; never include from
// production code.
//   BuildingPermit()  — a building permit at a ward: received at the counter, appraisal, supplement
//                       request after reception, consultation, payment, apology with a new date,
//                       approval, result and return (receipt, supplement request, apology,
//                       control slip);
//   CriminalRecord()  — a criminal-record certificate received at the provincial service centre
//                       and refused by the Department of Justice after appraisal (refusal);
//   LandSplit()       — a land-plot split stopped by the land registry branch because the plot is
//                       in litigation (stop notice).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar/civil_time.hpp"
#include "core/catalog/procedure.hpp"
#include "core/workflow/apply.hpp"
#include "core/workflow/documents.hpp"

namespace motcua::render::testing {

namespace wf = core::workflow;

inline core::calendar::LocalDateTime At(std::string_view text) {
    return *core::calendar::ParseDateTime(text);
}

// Appends events with increasing seq and replays them into input.dossier.
class History {
public:
    explicit History(std::int64_t id) : id_(id) {}

    History& Add(std::string_view at, wf::Actor actor, wf::EventData data) {
        events_.push_back({wf::DossierId{id_},
                           static_cast<std::int64_t>(events_.size()) + 1,
                           At(at),
                           std::move(actor),
                           std::move(data)});
        return *this;
    }

    std::vector<wf::Event> Events() const { return events_; }

private:
    std::int64_t id_;
    std::vector<wf::Event> events_;
};

inline wf::Actor Person(wf::Role role, std::string agency, std::string name) {
    return {role, std::nullopt, std::move(agency), std::move(name)};
}

inline constexpr const char* kProvinceName = "tỉnh Hòa Bình Xanh";
inline constexpr const char* kProvinceBody = "UBND tỉnh Hòa Bình Xanh";
inline constexpr const char* kBaseUrl = "https://dichvucong.hoabinhxanh.gov.vn";

inline wf::DocumentInput Finish(wf::DocumentInput in, const History& history) {
    in.events = history.Events();
    in.dossier = wf::Replay(in.events);
    in.tracking_url = wf::TrackingUrl(kBaseUrl, in.dossier.code, in.dossier.verification_key);
    in.province_name = kProvinceName;
    return in;
}

inline wf::DocumentInput BuildingPermit() {
    const std::string ward = "000.00.21.H99";
    const std::string construction = "000.00.06.H99";
    wf::DocumentInput in;
    in.receiving_agency = {"UBND phường Thống Nhất", kProvinceBody};
    in.handling_agency = in.receiving_agency;
    in.agency_names = {{ward, "UBND phường Thống Nhất"}, {construction, "Sở Xây dựng"}};
    in.officer_name = "Lê Văn Tâm";
    in.printed_at = At("2026-04-02T09:05");

    core::catalog::ProcedureVersion& v = in.procedure;
    v.code = "1.013225";
    v.name = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ";
    v.sector_name = "Hoạt động xây dựng";
    v.deadline = 15;
    v.deadline_unit = core::calendar::DurationUnit::kCalendarDays;
    v.components = {
        {"TP1", "Đơn đề nghị cấp giấy phép xây dựng theo mẫu", true, 1, true, ""},
        {"TP2",
         "Bản sao giấy tờ chứng minh quyền sử dụng đất theo quy định của pháp luật về đất đai",
         true,
         1,
         false,
         ""},
        {"TP3",
         "Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng, móng, đấu nối hạ tầng)",
         true,
         2,
         true,
         ""},
        {"TP4",
         "Bản kê khai kinh nghiệm của tổ chức, cá nhân thiết kế (trường hợp nhà ở từ 07 tầng "
         "trở lên hoặc có tầng hầm)",
         false,
         1,
         true,
         ""},
    };
    v.fees = {{"Lệ phí cấp giấy phép xây dựng", 75000, ""}};
    v.result = "Giấy phép xây dựng";

    const wf::Actor officer = Person(wf::Role::kOneStopOfficer, ward, "Lê Văn Tâm");
    const wf::Actor specialist = Person(wf::Role::kSpecialist, ward, "Trần Minh Đức");
    const wf::Actor leader = Person(wf::Role::kAgencyLeader, ward, "Phạm Quốc Hùng");
    const wf::Actor consulted = Person(wf::Role::kSpecialist, construction, "Đỗ Thu Trang");

    wf::Submitted submitted;
    submitted.code = "000.00.21.H99-260302-0007";
    submitted.verification_key = "K7QW2M9X";
    submitted.agency_code = ward;
    submitted.procedure_code = v.code;
    submitted.rule_set = "NĐ 118/2025";
    submitted.channel = wf::Channel::kCounter;
    submitted.applicant = {"Nguyễn Thị Hồng Nhung",
                           "001190012345",
                           "0912 345 678",
                           "nhung.nguyen@example.vn",
                           "Số 12, tổ 5, phường Thống Nhất, tỉnh Hòa Bình Xanh",
                           std::nullopt};
    submitted.components = {"TP1", "TP2", "TP3"};

    wf::StepStarted appraisal;
    appraisal.index = 0;
    appraisal.name = "Thẩm định hồ sơ";
    appraisal.agency_code = ward;
    appraisal.due_at = At("2026-03-12T17:00");
    wf::StepStarted consultation;
    consultation.index = 1;
    consultation.name = "Lấy ý kiến";
    consultation.agency_code = construction;
    consultation.consultation = true;
    consultation.note = "Xác định chỉ giới xây dựng theo quy hoạch phân khu";
    consultation.due_at = At("2026-03-16T17:00");
    wf::StepStarted approval;
    approval.index = 2;
    approval.name = "Phê duyệt, ký giấy phép";
    approval.role = wf::Role::kAgencyLeader;
    approval.agency_code = ward;
    approval.due_at = At("2026-03-20T17:00");

    History h(7);
    h.Add("2026-03-02T08:40", officer, submitted)
        .Add("2026-03-02T08:45", officer, wf::Received{ward, At("2026-03-17T17:00")})
        .Add("2026-03-02T09:30", officer, appraisal)
        .Add("2026-03-04T10:15",
             specialist,
             wf::SupplementRequested{{
                 {"TP3",
                  "Bản vẽ mặt bằng thiếu kích thước lô đất và chỉ giới xây dựng",
                  "Nộp bổ sung bản vẽ mặt bằng ghi đủ kích thước, chỉ giới đường đỏ và chỉ giới "
                  "xây dựng"},
                 {"TP4",
                  "Chưa có bản kê khai kinh nghiệm của đơn vị thiết kế (nhà có tầng hầm)",
                  "Nộp bản kê khai theo mẫu kèm bản sao chứng chỉ hành nghề thiết kế"},
                 {"chung",
                  "Số thửa đất ghi trên đơn không khớp với giấy chứng nhận",
                  "Sửa số thửa trên đơn theo giấy chứng nhận quyền sử dụng đất"},
             }})
        .Add("2026-03-09T14:00",
             officer,
             wf::SupplementReceived{{"TP3", "TP4"}, At("2026-03-24T17:00")})
        .Add("2026-03-10T08:00", specialist, consultation)
        .Add("2026-03-13T10:00",
             consulted,
             wf::StepCompleted{
                 1, wf::Verdict::kEarly, "Chỉ giới xây dựng lùi 3 m so với chỉ giới đường đỏ"})
        .Add("2026-03-17T16:00", specialist, wf::StepCompleted{0, wf::Verdict::kLate, ""})
        .Add("2026-03-17T16:05", specialist, approval)
        .Add("2026-03-18T09:00",
             officer,
             wf::PaymentRequested{1234567, "Lệ phí cấp phép và phí thẩm định thiết kế", false})
        .Add("2026-03-18T15:30", officer, wf::PaymentReceived{1234567, "counter", std::nullopt})
        .Add("2026-03-23T10:00",
             leader,
             wf::ApologyIssued{"Cần đối chiếu hồ sơ địa chính của thửa đất với Chi nhánh Văn "
                               "phòng đăng ký đất đai khu vực Hòa Bình",
                               At("2026-04-03T17:00"),
                               false})
        .Add("2026-04-01T15:00", leader, wf::StepCompleted{2, wf::Verdict::kLate, ""})
        .Add("2026-04-01T15:10",
             leader,
             wf::ResultIssued{"Giấy phép xây dựng nhà ở riêng lẻ", wf::Verdict::kEarly})
        .Add("2026-04-02T09:00", officer, wf::Returned{wf::ReturnMethod::kCounter});
    return Finish(std::move(in), h);
}

inline wf::DocumentInput CriminalRecord() {
    const std::string centre = "000.01.12.H99";
    const std::string justice = "000.00.02.H99";
    wf::DocumentInput in;
    in.receiving_agency = {"Trung tâm Phục vụ hành chính công tỉnh", kProvinceBody};
    in.handling_agency = {"Sở Tư pháp", kProvinceBody};
    in.agency_names = {{centre, in.receiving_agency.name}, {justice, "Sở Tư pháp"}};
    in.officer_name = "Vũ Thị Lan";
    in.printed_at = At("2026-05-14T14:20");
    core::catalog::ProcedureVersion& v = in.procedure;
    v.code = "2.001417";
    v.name =
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại "
        "Việt Nam";
    v.deadline = 10;
    v.deadline_unit = core::calendar::DurationUnit::kCalendarDays;
    v.components = {
        {"TP1", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu", true, 1, true, ""},
        {"TP2",
         "Bản chụp thẻ căn cước, hộ chiếu hoặc giấy tờ tùy thân của người được cấp Phiếu",
         true,
         1,
         false,
         ""},
    };
    v.fees = {{"Phí cung cấp thông tin lý lịch tư pháp", 200000, ""}};

    wf::Submitted submitted;
    submitted.code = "000.01.12.H99-260511-0032";
    submitted.verification_key = "P3HX8TQA";
    submitted.agency_code = centre;
    submitted.procedure_code = v.code;
    submitted.rule_set = "NĐ 118/2025";
    submitted.channel = wf::Channel::kOnline;
    submitted.applicant = {"Hoàng Đức Việt",
                           "034088001122",
                           "0987 654 321",
                           "",
                           "Xóm Đồng Bưởi, xã Lương Sơn, tỉnh Hòa Bình Xanh",
                           std::nullopt};
    submitted.components = {"TP1", "TP2"};
    wf::StepStarted appraisal;
    appraisal.index = 0;
    appraisal.name = "Thẩm định, tra cứu lý lịch";
    appraisal.agency_code = justice;
    appraisal.due_at = At("2026-05-18T17:00");

    History h(32);
    h.Add("2026-05-10T21:12", Person(wf::Role::kCitizen, "", "Hoàng Đức Việt"), submitted)
        .Add("2026-05-11T08:05",
             Person(wf::Role::kOneStopOfficer, centre, "Vũ Thị Lan"),
             wf::Received{justice, At("2026-05-21T17:00")})
        .Add("2026-05-11T08:10", Person(wf::Role::kOneStopOfficer, centre, "Vũ Thị Lan"), appraisal)
        .Add("2026-05-14T10:30",
             Person(wf::Role::kSpecialist, justice, "Ngô Bảo Châu"),
             wf::Refused{{
                 {"chung",
                  "Người yêu cầu đề nghị cấp Phiếu lý lịch tư pháp cho người khác mà không có "
                  "văn bản ủy quyền",
                  "Người được cấp Phiếu trực tiếp nộp hồ sơ, hoặc nộp kèm văn bản ủy quyền có "
                  "chứng thực"},
                 {"TP2",
                  "Bản chụp thẻ căn cước bị mờ, không đọc được số định danh",
                  "Nộp bản chụp rõ nét cả hai mặt thẻ căn cước"},
             }});
    return Finish(std::move(in), h);
}

inline wf::DocumentInput LandSplit() {
    const std::string ward = "000.00.22.H99";
    const std::string branch = "001.01.05.H99";
    wf::DocumentInput in;
    in.receiving_agency = {"UBND phường Hòa Bình", kProvinceBody};
    in.handling_agency = {"Chi nhánh Văn phòng đăng ký đất đai khu vực Hòa Bình",
                          "Văn phòng đăng ký đất đai"};
    in.agency_names = {{ward, in.receiving_agency.name}, {branch, in.handling_agency.name}};
    in.officer_name = "Bùi Thanh Hà";
    in.printed_at = At("2026-06-09T10:00");
    core::catalog::ProcedureVersion& v = in.procedure;
    v.code = "1.012784";
    v.name = "Tách thửa hoặc hợp thửa đất";
    v.deadline = 15;
    v.deadline_unit = core::calendar::DurationUnit::kWorkingDays;
    v.components = {
        {"TP1", "Đơn đề nghị tách thửa đất, hợp thửa đất theo Mẫu số 01/ĐK", true, 1, true, ""},
        {"TP2", "Bản vẽ tách thửa đất, hợp thửa đất", true, 1, true, ""},
        {"TP3", "Bản gốc Giấy chứng nhận đã cấp", true, 1, true, ""},
    };
    v.fees = {{"Lệ phí cấp Giấy chứng nhận", 50000, ""}};

    wf::Submitted submitted;
    submitted.code = "000.00.22.H99-260601-0003";
    submitted.verification_key = "M4RT9VWE";
    submitted.agency_code = ward;
    submitted.procedure_code = v.code;
    submitted.rule_set = "NĐ 118/2025";
    submitted.channel = wf::Channel::kPostal;
    submitted.applicant = {"Đinh Công Lý",
                           "017079004455",
                           "0203 855 120",
                           "dinhcongly@example.vn",
                           "Số 45 đường Cù Chính Lan, phường Hòa Bình, tỉnh Hòa Bình Xanh",
                           std::nullopt};
    submitted.components = {"TP1", "TP2", "TP3"};
    wf::StepStarted survey;
    survey.index = 0;
    survey.name = "Kiểm tra hồ sơ, đo đạc thực địa";
    survey.agency_code = branch;
    survey.due_at = At("2026-06-10T17:00");

    const wf::Actor officer = Person(wf::Role::kOneStopOfficer, ward, "Bùi Thanh Hà");
    History h(3);
    h.Add("2026-06-01T09:20", officer, submitted)
        .Add("2026-06-01T09:20", officer, wf::Received{branch, At("2026-06-19T17:00")})
        .Add("2026-06-01T14:00", officer, survey)
        .Add("2026-06-08T16:30",
             Person(wf::Role::kAgencyLeader, branch, "Lương Thị Mai Anh"),
             wf::Stopped{{
                             {"chung",
                              "Thửa đất số 215, tờ bản đồ số 12 đang có tranh chấp được Tòa án "
                              "nhân dân khu vực 1 thụ lý ngày 02/6/2026",
                              "Nộp lại hồ sơ sau khi có bản án hoặc quyết định có hiệu lực pháp "
                              "luật giải quyết tranh chấp"},
                         },
                         wf::Verdict::kOnTime});
    return Finish(std::move(in), h);
}

// The sample for each document kind.
inline wf::DocumentInput SampleFor(wf::DocumentKind kind) {
    switch (kind) {
        case wf::DocumentKind::kRefusal:
            return CriminalRecord();
        case wf::DocumentKind::kStopNotice:
            return LandSplit();
        default:
            return BuildingPermit();
    }
}

}  // namespace motcua::render::testing
