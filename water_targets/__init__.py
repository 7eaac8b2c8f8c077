"""Water-saving targets of five Chinese regions: data model, validation, figure and table builders."""
