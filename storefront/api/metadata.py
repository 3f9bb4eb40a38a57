"""OPTIONS answers: what the endpoint is and speaks, not a description of its inputs.

DRF's SimpleMetadata also describes the input serializer of each writable method, which needs a
``serializer_class`` on every view (ours parse input with one serializer per operation and have none: a 500)
and can reveal staff-only write shapes to anyone. The OpenAPI schema at /api/schema/ is where inputs are
described.
"""

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    def determine_metadata(self, request, view):
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
