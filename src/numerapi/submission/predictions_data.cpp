// predictions_data::written: predictions a caller writes into the upload's body through a
// std::ostream, kept in memory once (the stream's buffer is moved out, not copied).
#include <numerapi/error.hpp>
#include <numerapi/predictions_check.hpp>

#include <sstream>
#include <utility>

namespace numerapi {

predictions_data predictions_data::written(std::string filename, const std::function<void(std::ostream&)>& write) {
    std::ostringstream body;
    write(body);
    if (!body)
        throw error(make_error_code(errc::invalid_predictions),
                    {.operation = "predictions_data", .client_message = filename + ": writing the predictions failed"});
    return predictions_data{std::move(filename), std::move(body).str()};
}

} // namespace numerapi
